// Wide tables: when a table's columns are wider than its box, say so above it in words
// ("Scroll sideways…"), so no column sits off-screen unannounced. The box itself is a
// focusable region (macros.html: table_region), so arrow keys scroll it too.
(function () {
  "use strict";

  function cueFor(region) {
    var cue = region.previousElementSibling;
    if (cue && cue.classList.contains("scroll-cue")) { return cue; }
    cue = document.createElement("p");
    cue.className = "scroll-cue";
    cue.hidden = true;
    cue.textContent = "Scroll sideways to see every column of this table";
    region.parentNode.insertBefore(cue, region);
    return cue;
  }

  function update(region) {
    cueFor(region).hidden = region.scrollWidth <= region.clientWidth + 1;
  }

  document.addEventListener("DOMContentLoaded", function () {
    var regions = document.querySelectorAll(".table-wrap[role='region']");
    regions.forEach(update);
    if ("ResizeObserver" in window) {
      var observer = new ResizeObserver(function (entries) {
        entries.forEach(function (entry) { update(entry.target); });
      });
      regions.forEach(function (region) { observer.observe(region); });
    }
  });
})();
