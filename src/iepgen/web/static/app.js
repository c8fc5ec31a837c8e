// Small progressive enhancements; every page works without JavaScript.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    // Move focus to the error summary so keyboard and screen-reader users hear it first.
    var summary = document.getElementById("error-summary");
    if (summary) { summary.focus(); }
    // Ask before finalizing: a final IEP can no longer be changed.
    document.querySelectorAll("form[action$='/finalize']").forEach(function (form) {
      form.addEventListener("submit", function (event) {
        if (!window.confirm("Finalize this IEP? After this it can no longer be changed.")) {
          event.preventDefault();
        }
      });
    });
  });
})();
