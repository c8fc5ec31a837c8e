// Small progressive enhancements; every page works without JavaScript.
(function () {
  "use strict";

  // The idle warning: shown `warning` seconds before the session would end; "Stay signed
  // in" extends it. Another tab's activity also extends it, so check before warning.
  function sessionWatch(body) {
    var warning = document.getElementById("session-warning");
    var ended = document.getElementById("session-ended");
    if (!warning || !body.dataset.sessionLeft) { return; }
    var warnBefore = parseInt(body.dataset.sessionWarning, 10) * 1000;
    var countdown = warning.querySelector("[data-session-countdown]");
    var deadline = Date.now() + parseInt(body.dataset.sessionLeft, 10) * 1000;
    var timer = null;

    function words(ms) {
      var seconds = Math.max(0, Math.round(ms / 1000));
      if (seconds >= 90) { return Math.round(seconds / 60) + " minutes"; }
      return seconds + " seconds";
    }
    function schedule(leftSeconds) {
      deadline = Date.now() + leftSeconds * 1000;
      warning.hidden = true;
      clearTimeout(timer);
      timer = setTimeout(check, Math.max(1000, deadline - Date.now() - warnBefore));
    }
    function tick() {
      var left = deadline - Date.now();
      if (left <= 0) { warning.hidden = true; ended.hidden = false; return; }
      countdown.textContent = words(left);
      timer = setTimeout(tick, 1000);
    }
    function check() {
      fetch("/session/status", { credentials: "same-origin" })
        .then(function (r) { return r.json(); })
        .then(function (s) {
          if (!s.signed_in) { warning.hidden = true; ended.hidden = false; return; }
          if (s.seconds_left * 1000 > warnBefore + 5000) { schedule(s.seconds_left); return; }
          deadline = Date.now() + s.seconds_left * 1000;
          warning.hidden = false;
          warning.querySelector("[data-session-stay]").focus();
          tick();
        })
        .catch(function () { timer = setTimeout(check, 15000); });
    }
    warning.querySelector("[data-session-stay]").addEventListener("click", function () {
      var form = new FormData();
      form.append("csrf_token", body.dataset.csrf);
      fetch("/session/keepalive", { method: "POST", body: form, credentials: "same-origin" })
        .then(function (r) { return r.json(); })
        .then(function (s) {
          if (s.signed_in) { schedule(s.seconds_left); } else { ended.hidden = false; }
        });
    });
    schedule(parseInt(body.dataset.sessionLeft, 10));
  }

  // What a form holds now, as one string, to tell whether anything was typed since load.
  function snapshot(form) {
    var parts = [];
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.type === "hidden" || el.type === "submit" || el.type === "button") { return; }
      if (el.type === "checkbox" || el.type === "radio") { parts.push(el.name + "=" + el.checked); return; }
      if (el.tagName === "SELECT" && el.multiple) {
        parts.push(el.name + "=" + Array.prototype.map.call(el.selectedOptions, function (o) { return o.value; }).join(","));
        return;
      }
      parts.push(el.name + "=" + el.value);
    });
    return parts.join("\n");
  }

  // Warn before leaving a page whose form has changes nobody saved. Forms that only press
  // a button (no fields to type in) and the sign-in form never ask.
  function unsavedWarning() {
    var watched = [];
    document.querySelectorAll("form[method='post']").forEach(function (form) {
      if (form.hasAttribute("data-no-unsaved-warning")) { return; }
      var typed = form.querySelector("input:not([type=hidden]):not([type=submit]), textarea, select");
      if (!typed) { return; }
      var entry = { form: form, start: snapshot(form), sending: false,
        changedFromStart: form.hasAttribute("data-starts-changed") };
      form.addEventListener("submit", function () { entry.sending = true; });
      watched.push(entry);
    });
    window.iepgenUnsaved = function () {
      return watched.some(function (e) {
        return !e.sending && (e.changedFromStart || snapshot(e.form) !== e.start);
      });
    };
    window.iepgenMarkSaved = function (form) {
      watched.forEach(function (e) { if (e.form === form) { e.start = snapshot(form); e.changedFromStart = false; } });
    };
    window.addEventListener("beforeunload", function (event) {
      if (!window.iepgenUnsaved()) { return; }
      event.preventDefault();
      event.returnValue = "";  // browsers show their own "Leave site? Changes may not be saved."
    });
  }

  // Keep a section edit on the server as the teacher types (a few seconds after the last
  // key, and when the page is hidden), so a closed tab or a lost connection loses nothing.
  function autosave(form) {
    var url = form.getAttribute("data-autosave");
    var status = document.getElementById("autosave-status");
    var last = snapshot(form);
    var timer = null;
    function send() {
      timer = null;
      var now = snapshot(form);
      if (now === last) { return; }
      fetch(url, { method: "POST", body: new FormData(form), credentials: "same-origin" })
        .then(function (r) { if (!r.ok) { throw new Error(String(r.status)); } return r.json(); })
        .then(function (saved) {
          last = now;
          if (status) {
            status.textContent = "Your changes were autosaved (" + saved.shown + "). They become part of the IEP when you press Save section.";
            status.hidden = false;
          }
        })
        .catch(function () {
          if (status) {
            status.textContent = "Autosave is not working right now; keep this page open and press Save section.";
            status.hidden = false;
          }
        });
    }
    function later() { clearTimeout(timer); timer = setTimeout(send, 3000); }
    form.addEventListener("input", later);
    form.addEventListener("change", later);
    form.addEventListener("submit", function () { clearTimeout(timer); });
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "hidden" && timer) { clearTimeout(timer); send(); }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    unsavedWarning();
    document.querySelectorAll("form[data-autosave]").forEach(autosave);
    // Move focus to the error summary so keyboard and screen-reader users hear it first.
    var summary = document.getElementById("error-summary");
    if (summary) { summary.focus(); }
    // Ask before a step that cannot be undone (finalizing); the page sets the question only
    // when the step can succeed, so nobody confirms something that is then refused.
    document.querySelectorAll("form[data-confirm]").forEach(function (form) {
      form.addEventListener("submit", function (event) {
        if (!window.confirm(form.getAttribute("data-confirm"))) {
          event.preventDefault();
        }
      });
    });
    sessionWatch(document.body);
  });
})();
