/* Site-wide behaviour, loaded by base.html (no inline script: the CSP forbids it).
 * An error summary takes the focus when the page opens, so a screen reader reads it first
 * and a keyboard user can follow its links to the fields (GOV.UK's pattern).
 * A disclosure marked data-open-wide="(media query)" opens when the query matches (the
 * directory's filters on a wide screen; on a phone they stay closed until asked for). */
(function () {
  "use strict";
  function start() {
    var summary = document.querySelector("[data-error-summary]");
    if (summary) { summary.focus(); }
    document.querySelectorAll("details[data-open-wide]").forEach(function (details) {
      if (window.matchMedia(details.getAttribute("data-open-wide")).matches) {
        details.open = true;
      }
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
