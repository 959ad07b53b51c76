/*
 * Search-as-you-type for the fields rendered by iomcso/core/autocomplete.py
 * (ARIA 1.2 combobox with a listbox popup). Without this script the field is a plain text
 * input that the server resolves; with it, typing lists matches from the JSON endpoint
 * and choosing one fills the hidden id. No inline script: loaded as a static file.
 */
(function () {
  "use strict";
  if (window.iomcsoAutocomplete) return;  // the widget template includes the script per field
  window.iomcsoAutocomplete = true;

  function setup(root) {
    var input = root.querySelector("input[type=text]");
    var hidden = root.querySelector("input[data-autocomplete-id]");
    var listbox = root.querySelector("[role=listbox]");
    var status = root.querySelector("[data-autocomplete-status]");
    var url = root.getAttribute("data-autocomplete-url");
    if (!input || !hidden || !listbox || !url) return;
    var options = [];
    var active = -1;
    var timer = null;
    var pending = null;
    var lastQuery = null;

    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listbox.id);

    function close() {
      listbox.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function highlight(index) {
      var items = listbox.children;
      for (var i = 0; i < items.length; i++) {
        items[i].setAttribute("aria-selected", i === index ? "true" : "false");
      }
      active = index;
      if (index >= 0 && items[index]) {
        input.setAttribute("aria-activedescendant", items[index].id);
        items[index].scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function choose(index) {
      var option = options[index];
      if (!option) return;
      input.value = option.label;
      hidden.value = String(option.id);
      lastQuery = option.label;
      close();
    }

    function render(results) {
      options = results;
      listbox.textContent = "";
      results.forEach(function (result, index) {
        var item = document.createElement("span");
        item.id = listbox.id + "-" + index;
        item.setAttribute("role", "option");
        item.setAttribute("aria-selected", "false");
        item.textContent = result.label;
        item.addEventListener("mousedown", function (event) {
          event.preventDefault();  // keep the focus in the input
          choose(index);
        });
        listbox.appendChild(item);
      });
      var open = results.length > 0;
      listbox.hidden = !open;
      input.setAttribute("aria-expanded", open ? "true" : "false");
      active = -1;
      status.textContent = open
        ? results.length + " " + root.getAttribute("data-autocomplete-status-some")
        : root.getAttribute("data-autocomplete-status-none");
    }

    function search() {
      var query = input.value.trim();
      if (query === lastQuery) return;
      lastQuery = query;
      if (pending) pending.abort();
      if (!query) {
        render([]);
        status.textContent = "";
        return;
      }
      pending = new AbortController();
      fetch(url + "?q=" + encodeURIComponent(query), {
        credentials: "same-origin",
        headers: { Accept: "application/json" },
        signal: pending.signal,
      })
        .then(function (response) { return response.ok ? response.json() : { results: [] }; })
        .then(function (data) { render(data.results || []); })
        .catch(function () { /* aborted or offline: the server resolves the text instead */ });
    }

    input.addEventListener("input", function () {
      hidden.value = "";  // typed text no longer names the chosen item
      clearTimeout(timer);
      timer = setTimeout(search, 200);
    });

    input.addEventListener("keydown", function (event) {
      var open = !listbox.hidden && options.length > 0;
      if (event.key === "ArrowDown") {
        event.preventDefault();
        if (!open) { lastQuery = null; search(); return; }
        highlight(active < options.length - 1 ? active + 1 : 0);
      } else if (event.key === "ArrowUp") {
        event.preventDefault();
        if (open) highlight(active > 0 ? active - 1 : options.length - 1);
      } else if (event.key === "Enter") {
        if (open && active >= 0) {
          event.preventDefault();  // choose; a second Enter submits the form
          choose(active);
        }
      } else if (event.key === "Escape") {
        if (open) { event.preventDefault(); close(); }
      } else if (event.key === "Tab") {
        close();
      }
    });

    input.addEventListener("blur", function () { setTimeout(close, 100); });
  }

  function init() {
    var roots = document.querySelectorAll("[data-autocomplete-url]");
    for (var i = 0; i < roots.length; i++) setup(roots[i]);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
