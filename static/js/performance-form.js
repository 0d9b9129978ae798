// Diverse-performance forms: live character counter for the summary, and one
// submission per page load (the form token also stops a repeated upload).
(function () {
  "use strict";
  var summary = document.querySelector("textarea[data-counter]");
  var counter = document.getElementById("summary-counter");
  if (summary && counter) {
    var limit = parseInt(summary.dataset.counter, 10);
    var template = window.portfolioCounterTemplate || "%(count)s / %(limit)s";
    var update = function () {
      // Count code points, as the server does, with a line break as one character.
      var count = Array.from(summary.value.replace(/\r\n/g, "\n")).length;
      counter.textContent = template.replace("%(count)s", count).replace("%(limit)s", limit);
      counter.classList.toggle("text-danger", count > limit);
    };
    summary.addEventListener("input", update);
    update();
  }
  var form = document.getElementById("performance-form");
  if (form) {
    form.addEventListener("submit", function () {
      window.setTimeout(function () {
        form.querySelectorAll("button[type=submit]").forEach(function (button) {
          button.disabled = true;
        });
      }, 0);
    });
  }
})();
