/* Staff admin: small accessibility repairs of Django's own admin scripts (no inline script,
   for the content security policy). The admin's searchable multi-select (SelectFilter2)
   puts an aria-label on a bare <span> icon, which ARIA forbids; the icon is an image. */
window.addEventListener("load", function () {
  document.querySelectorAll("span.help-tooltip[aria-label]:not([role])").forEach(function (icon) {
    icon.setAttribute("role", "img");
  });
});
