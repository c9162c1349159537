/* Progressive enhancement only: every control here also works as a plain link or form. */
(function () {
  "use strict";

  function quickExit(event) {
    var url = document.body.getAttribute("data-quick-exit-url");
    if (!url) { return; }
    if (event) { event.preventDefault(); }
    // replace() keeps this page out of the Back button's way; it cannot erase history.
    window.location.replace(url);
  }

  document.addEventListener("DOMContentLoaded", function () {
    var exit = document.getElementById("quick-exit");
    if (exit) { exit.addEventListener("click", quickExit); }
  });

  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && !event.defaultPrevented) { quickExit(event); }
  });
})();
