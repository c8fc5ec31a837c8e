// Live job progress from Server-Sent Events (the page works without it: "Refresh this page").
(function () {
  "use strict";
  var root = document.getElementById("job");
  if (!root || !window.EventSource) { return; }
  var FINAL = ["completed", "failed", "cancelled", "archived"];
  var WORDS = {
    pending: "Waiting for a worker", processing: "Drafting", completed: "Done",
    failed: "Failed", cancelled: "Cancelled", archived: "Archived"
  };
  var bar = document.getElementById("job-progress");
  var fill = bar.querySelector(".progress-fill");
  var statusText = document.getElementById("job-status");
  var countText = document.getElementById("job-count");

  function show(id, visible) {
    var el = document.getElementById(id);
    if (el) { el.hidden = !visible; }
  }

  function update(job) {
    var done = job.progress.completed_sections;
    var total = job.progress.total_sections;
    var percent = total ? Math.round((100 * done) / total) : 0;
    if (job.status === "completed") { percent = 100; done = total; }
    bar.setAttribute("aria-valuenow", String(percent));
    bar.setAttribute("aria-valuetext", done + " of " + total + " sections drafted");
    fill.style.width = percent + "%";
    statusText.textContent = WORDS[job.status] || job.status;
    countText.textContent = done + " of " + total + " sections drafted";
    root.setAttribute("data-status", job.status);
    if (FINAL.indexOf(job.status) === -1) { return; }
    show("job-cancel", false);
    if (job.status === "completed" && job.result && job.result.iep_id) {
      var open = document.getElementById("job-open");
      open.href = "/ieps/" + job.result.iep_id;
      open.hidden = false;
      open.focus();
    }
    if (job.status === "failed" && job.error) {
      document.getElementById("job-error-message").textContent = job.error.message;
      show("job-error", true);
    }
    show("job-cancelled", job.status === "cancelled");
    show("job-retry", job.status === "failed" || job.status === "cancelled");
  }

  fill.style.width = (fill.getAttribute("data-percent") || "0") + "%";
  if (FINAL.indexOf(root.getAttribute("data-status")) !== -1) { return; }
  var source = new EventSource(root.getAttribute("data-events"));
  function onEvent(event) {
    var job = JSON.parse(event.data);
    update(job);
    if (FINAL.indexOf(job.status) !== -1) { source.close(); }
  }
  source.addEventListener("status", onEvent);
  source.addEventListener("progress", onEvent);
})();
