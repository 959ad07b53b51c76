// The import-export "Select all" box, bound here instead of an inline onchange="" (strict CSP).
// onSelectToggleChange comes from import_export/export_selectable_fields.js (the form's media).
document.addEventListener("DOMContentLoaded", () => {
  const toggle = document.getElementById("select-all-toggle");
  if (toggle && typeof onSelectToggleChange === "function") {
    toggle.addEventListener("change", onSelectToggleChange);
  }
});
