/* Staff admin: small accessibility repairs of Django's own admin scripts (no inline script,
   for the content security policy). The admin's searchable multi-select (SelectFilter2)
   puts an aria-label on a bare <span> icon, which ARIA forbids; the icon is an image. */
window.addEventListener("load", function () {
  document.querySelectorAll("span.help-tooltip[aria-label]:not([role])").forEach(function (icon) {
    icon.setAttribute("role", "img");
  });
});

/* Tabular inlines stack into one card per row on a narrow screen (admin.css); each cell
   then shows its column's name above the field. */
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll(".inline-group .tabular table").forEach(function (table) {
    var headings = Array.prototype.map.call(table.querySelectorAll("thead th"), function (th) {
      return th.textContent.trim();
    });
    table.querySelectorAll("tbody tr").forEach(function (row) {
      Array.prototype.forEach.call(row.children, function (cell, index) {
        if (headings[index] && !cell.hasAttribute("data-label")) {
          cell.setAttribute("data-label", headings[index]);
        }
      });
    });
  });
});
