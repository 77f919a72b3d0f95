// Progressive enhancements only: every page works without this file.
document.addEventListener("click", function (e) {
  var t = e.target.closest("[data-print]");
  if (t) { e.preventDefault(); window.print(); }
});

// Live catalog search (htmx swaps #results): announce only the new result count through the polite
// status region, not the whole list of procedures.
document.addEventListener("htmx:afterSwap", function (e) {
  var status = document.getElementById("results-status");
  var count = e.detail.target && e.detail.target.querySelector ? e.detail.target.querySelector(".result-count") : null;
  if (status && count) status.textContent = count.textContent.trim();
});
