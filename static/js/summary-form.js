// Upload forms for course outcomes and diverse performances: a live character
// counter for the summary, and one submission per page load.
(function () {
  "use strict";
  var summary = document.querySelector("textarea[data-counter]");
  var counter = document.getElementById("summary-counter");
  if (summary && counter) {
    var limit = parseInt(summary.dataset.counter, 10);
    // The page sets the translated "%(count)s / %(limit)s characters" text.
    var template = window.portfolioCounterTemplate || "%(count)s / %(limit)s";
    var update = function () {
      // Count code points, as the server does, and line breaks as one character.
      var count = Array.from(summary.value.replace(/\r\n/g, "\n")).length;
      counter.textContent = template.replace("%(count)s", count).replace("%(limit)s", limit);
      counter.classList.toggle("text-danger", count > limit);
    };
    summary.addEventListener("input", update);
    update();
  }
  document.querySelectorAll("form[data-submit-once]").forEach(function (form) {
    form.addEventListener("submit", function () {
      // Keep a second tap from sending the files again. The form token also
      // makes a repeated submission create nothing new on the server.
      window.setTimeout(function () {
        form.querySelectorAll("button[type=submit]").forEach(function (button) {
          button.disabled = true;
        });
      }, 0);
    });
  });
})();
