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

  document.addEventListener("DOMContentLoaded", function () {
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
