// Live job progress from Server-Sent Events. Without it the page still works: it refreshes
// itself (a <noscript> refresh) and shows "Open the IEP" once the draft is done.
(function () {
  "use strict";
  var root = document.getElementById("job");
  if (!root) { return; }
  var FINAL = ["completed", "failed", "cancelled", "archived"];
  var heading = document.getElementById("job-heading");
  var line = document.getElementById("job-line");
  var bar = document.getElementById("job-progress");
  var fill = bar.querySelector(".progress-fill");
  var countText = document.getElementById("job-count");
  var moveAfter = parseInt(root.getAttribute("data-move-after") || "3", 10) * 1000;

  function show(id, visible) {
    var el = document.getElementById(id);
    if (el) { el.hidden = !visible; }
  }

  function words(kind, status) {
    return root.getAttribute("data-" + kind + "-" + status) || "";
  }

  // Done: say so (the live region announces it), then move to the IEP. The link stays for
  // anyone who wants to go sooner, or if the move is blocked.
  function moveToIep(href) {
    var open = document.getElementById("job-open");
    open.href = href;
    open.hidden = false;
    window.setTimeout(function () { window.location.assign(href); }, moveAfter);
  }

  function update(job) {
    var done = job.progress.completed_sections;
    var total = job.progress.total_sections;
    var percent = total ? Math.round((100 * done) / total) : 0;
    if (job.status === "completed") { percent = 100; done = total; }
    var counted = total && job.status !== "pending" ? done + " of " + total + " sections drafted" : "";
    bar.hidden = job.status === "pending";
    bar.setAttribute("aria-valuenow", String(percent));
    bar.setAttribute("aria-valuetext", counted || words("line", job.status));
    fill.style.width = percent + "%";
    countText.textContent = counted;
    countText.hidden = !counted;
    if (root.getAttribute("data-status") !== job.status) {
      heading.textContent = words("heading", job.status) || heading.textContent;
      document.title = heading.textContent + " · iepgen";
      line.textContent = words("line", job.status);
    }
    root.setAttribute("data-status", job.status);
    if (FINAL.indexOf(job.status) === -1) { return; }
    show("job-cancel", false);
    show("job-reload", false);
    show("job-retrying", false);
    if (job.status === "completed" && job.result && job.result.iep_id) {
      moveToIep("/ieps/" + job.result.iep_id);
    }
    if (job.status === "failed" && job.error) {
      document.getElementById("job-error-message").textContent = job.error.message;
      show("job-error", true);
    }
    show("job-retry", job.status === "failed" || job.status === "cancelled");
  }

  fill.style.width = (fill.getAttribute("data-percent") || "0") + "%";
  // Finished just before the page loaded: the teacher was waiting for it, so move on.
  if (root.getAttribute("data-move-to")) { moveToIep(root.getAttribute("data-move-to")); }
  if (FINAL.indexOf(root.getAttribute("data-status")) !== -1 || !window.EventSource) { return; }
  var source = new EventSource(root.getAttribute("data-events"));
  function onEvent(event) {
    var job = JSON.parse(event.data);
    update(job);
    if (FINAL.indexOf(job.status) !== -1) { source.close(); }
  }
  source.addEventListener("status", onEvent);
  source.addEventListener("progress", onEvent);
})();
