/* Site-wide behaviour, loaded by base.html (no inline script: the CSP forbids it).
 * An error summary takes the focus when the page opens, so a screen reader reads it first
 * and a keyboard user can follow its links to the fields (GOV.UK's pattern). */
(function () {
  "use strict";
  function start() {
    var summary = document.querySelector("[data-error-summary]");
    if (summary) { summary.focus(); }
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
