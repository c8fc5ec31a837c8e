// Wide tables: when a table's columns are wider than its box, say so above it in words
// ("Scroll sideways…"), so no column sits off-screen unannounced. The box is a labelled
// region (macros.html: table_region) a keyboard user can focus and scroll with arrow keys.
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

  // The region is a tab stop only while it scrolls: a table that fits (or is shown as
  // cards) needs no extra stop. Without JavaScript every region keeps its tabindex.
  function update(region) {
    var fits = region.scrollWidth <= region.clientWidth + 1;
    cueFor(region).hidden = fits;
    if (fits) { region.removeAttribute("tabindex"); } else { region.setAttribute("tabindex", "0"); }
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
