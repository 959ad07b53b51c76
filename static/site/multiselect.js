/* Searchable multi-select: progressive enhancement of <select multiple data-multiselect>.
 *
 * Without this script the native select works as it is. With it, the select is hidden (and
 * still submitted) and replaced by: the chosen items as tags with a remove button, a search
 * box, and the options as a filtered list of real checkboxes. Everything is keyboard-usable
 * (Tab, Space, Enter) and announced: the number of matches goes to a polite live region.
 * Words come from data-* attributes the server renders in the reader's language.
 * No inline script or style: the page's Content-Security-Policy can forbid both.
 */
(function () {
  "use strict";

  var counter = 0;

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  function fold(text) {
    // Case- and accent-insensitive matching: "cote" finds "Côte d'Ivoire".
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function enhance(select) {
    if (select.dataset.multiselectReady) { return; }
    select.dataset.multiselectReady = "1";
    counter += 1;
    var base = (select.id || "multiselect") + "-ms" + counter;
    var label = document.querySelector('label[for="' + select.id + '"]');
    var labelText = label ? label.textContent.trim() : "";
    var words = {
      search: select.dataset.searchLabel || "Search",
      remove: select.dataset.removeLabel || "Remove",
      noMatch: select.dataset.noMatch || "No match",
      chosen: select.dataset.chosenLabel || "Chosen"
    };

    var wrapper = element("div", "multiselect-widget");
    var chosen = element("ul", "multiselect-chosen tags");
    chosen.setAttribute("aria-label", words.chosen + (labelText ? ": " + labelText : ""));
    var search = element("input", "multiselect-search");
    search.type = "search";
    search.id = base + "-search";
    search.autocomplete = "off";
    search.setAttribute("aria-controls", base + "-list");
    search.setAttribute("aria-describedby", base + "-status");
    var searchLabel = element("label", "multiselect-search-label visually-hidden",
      words.search + (labelText ? ": " + labelText : ""));
    searchLabel.htmlFor = search.id;
    var list = element("div", "multiselect-options");
    list.id = base + "-list";
    list.setAttribute("role", "group");
    if (label) {
      if (!label.id) { label.id = base + "-label"; }
      list.setAttribute("aria-labelledby", label.id);
      label.htmlFor = search.id;
    }
    var status = element("p", "multiselect-status visually-hidden");
    status.id = base + "-status";
    status.setAttribute("aria-live", "polite");
    var empty = element("p", "multiselect-empty", words.noMatch);
    empty.hidden = true;

    var boxes = [];
    Array.prototype.forEach.call(select.options, function (option, index) {
      var row = element("div", "multiselect-option");
      var box = element("input");
      box.type = "checkbox";
      box.id = base + "-" + index;
      box.checked = option.selected;
      box.disabled = option.disabled;
      var boxLabel = element("label", null, option.textContent);
      boxLabel.htmlFor = box.id;
      row.appendChild(box);
      row.appendChild(boxLabel);
      list.appendChild(row);
      box.addEventListener("change", function () {
        option.selected = box.checked;
        select.dispatchEvent(new Event("change", { bubbles: true }));
        renderChosen();
      });
      boxes.push({ box: box, row: row, option: option, text: fold(option.textContent + " " + option.value) });
    });

    function renderChosen() {
      chosen.textContent = "";
      boxes.forEach(function (item) {
        if (!item.option.selected) { return; }
        var tag = element("li", "tag");
        tag.appendChild(element("span", null, item.option.textContent));
        var remove = element("button", "tag-remove", "\u00d7");
        remove.type = "button";
        remove.setAttribute("aria-label", words.remove + ": " + item.option.textContent);
        remove.addEventListener("click", function () {
          item.option.selected = false;
          item.box.checked = false;
          renderChosen();
          search.focus();
        });
        tag.appendChild(remove);
        chosen.appendChild(tag);
      });
      chosen.hidden = !chosen.children.length;
    }

    function filter() {
      var query = fold(search.value.trim());
      var shown = 0;
      boxes.forEach(function (item) {
        var match = !query || item.text.indexOf(query) !== -1;
        item.row.hidden = !match;
        if (match) { shown += 1; }
      });
      empty.hidden = shown !== 0;
      status.textContent = query ? String(shown) : "";
    }

    search.addEventListener("input", filter);
    search.addEventListener("keydown", function (event) {
      // Enter in the search box ticks the first match instead of submitting the form.
      if (event.key === "Enter") {
        event.preventDefault();
        var first = boxes.filter(function (item) { return !item.row.hidden && !item.box.disabled; })[0];
        if (first) { first.box.click(); }
      }
    });

    wrapper.appendChild(chosen);
    wrapper.appendChild(searchLabel);
    wrapper.appendChild(search);
    wrapper.appendChild(status);
    wrapper.appendChild(list);
    wrapper.appendChild(empty);
    select.hidden = true;
    select.setAttribute("aria-hidden", "true");
    select.tabIndex = -1;
    select.parentNode.insertBefore(wrapper, select.nextSibling);
    renderChosen();
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("select[multiple][data-multiselect]"), enhance);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
