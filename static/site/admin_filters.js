// A list filter shown as one <select> (partners.admin_helpers.SelectListFilter) applies as soon
// as a choice is made; without JavaScript its <noscript> button does the same.
// Bound here rather than in an onchange="" attribute, which the Content-Security-Policy blocks.
document.addEventListener("change", (event) => {
  const select = event.target.closest("select[data-autosubmit]");
  if (select && select.form) {
    select.form.submit();
  }
});
