// Upload form: live character counter for the summary, and one submission per page load.
(function () {
  "use strict";
  var summary = document.querySelector("textarea[data-counter]");
  var counter = document.getElementById("summary-counter");
  if (summary && counter) {
    var limit = parseInt(summary.dataset.counter, 10);
    var template = window.portfolioCounterTemplate || "{count} / {limit}";
    var update = function () {
      // Count code points, as the server does, and line breaks as one character.
      var count = Array.from(summary.value.replace(/\r\n/g, "\n")).length;
      counter.textContent = template.replace("{count}", count).replace("{limit}", limit);
      counter.classList.toggle("text-danger", count > limit);
    };
    summary.addEventListener("input", update);
    update();
  }
  var form = document.getElementById("outcome-form");
  if (form) {
    form.addEventListener("submit", function () {
      // Keep a second tap from sending the files again; the form token also
      // makes a repeated submission create nothing new on the server.
      window.setTimeout(function () {
        form.querySelectorAll("button[type=submit]").forEach(function (button) {
          button.disabled = true;
        });
      }, 0);
    });
  }
})();
