// Statlas progressive enhancement: an accessible autocomplete on text fields that refer to records, after the
// GOV.UK accessible-autocomplete pattern (an ARIA 1.2 combobox). Every page works without this script: the
// field is a plain text input (or, for several records, a textarea of one name per line) that the server
// resolves by id, name or short name. With it, typing two or more characters asks the collection's API
// (data-suggest) for matching names and lists them under the field (for a textarea, names for the line being
// typed); Down and Up move through them, Enter or a click chooses one, Escape closes the list, and a polite
// status says how many there are. Names are set as text, never as markup.
(function () {
  "use strict";
  if (!window.fetch || !document.querySelectorAll) { return; }
  var fields = document.querySelectorAll("input[data-suggest], textarea[data-suggest]");
  Array.prototype.forEach.call(fields, function (input) {
    var id = input.id + "-listbox";
    var wrapper = document.createElement("div");
    wrapper.className = "autocomplete";
    input.parentNode.insertBefore(wrapper, input);
    wrapper.appendChild(input);
    var menu = document.createElement("ul");
    menu.id = id;
    menu.className = "autocomplete__menu";
    menu.setAttribute("role", "listbox");
    menu.setAttribute("aria-label", "Suggestions");
    menu.hidden = true;
    wrapper.appendChild(menu);
    var status = document.createElement("div");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    wrapper.appendChild(status);
    // A textarea keeps its own role (a combobox is one line); it still controls the list and points at the
    // option chosen with the arrow keys.
    var multi = input.tagName === "TEXTAREA";
    if (!multi) {
      input.setAttribute("role", "combobox");
      input.setAttribute("aria-expanded", "false");
    }
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-controls", id);

    // The text being typed: the whole field, or a textarea's line at the caret, with where it starts and ends.
    function typed() {
      var value = input.value;
      if (!multi) { return { text: value.trim(), start: 0, end: value.length }; }
      var caret = input.selectionStart || 0;
      var start = value.lastIndexOf("\n", caret - 1) + 1;
      var end = value.indexOf("\n", caret);
      if (end < 0) { end = value.length; }
      return { text: value.slice(start, end).trim(), start: start, end: end };
    }

    var names = [];
    var values = [];
    var labels = [];
    var active = -1;
    var timer = null;
    var asked = "";

    function close() {
      menu.hidden = true;
      active = -1;
      if (!multi) { input.setAttribute("aria-expanded", "false"); }
      input.removeAttribute("aria-activedescendant");
    }

    function highlight(index) {
      var options = menu.children;
      for (var i = 0; i < options.length; i++) {
        options[i].setAttribute("aria-selected", i === index ? "true" : "false");
        options[i].className = "autocomplete__option" + (i === index ? " autocomplete__option--focused" : "");
      }
      active = index;
      if (index >= 0) {
        input.setAttribute("aria-activedescendant", options[index].id);
        options[index].scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function choose(index) {
      if (index < 0 || index >= names.length) { return; }
      var line = typed();
      var value = input.value;
      var after = multi && line.end === value.length ? "\n" : "";
      // A name several records share would not say which: the field then takes the chosen one's id.
      var text = values[index];
      input.value = value.slice(0, line.start) + text + after + value.slice(line.end);
      if (multi) {
        var caret = line.start + text.length + after.length;
        input.setSelectionRange(caret, caret);
      }
      asked = text;
      close();
      status.textContent = labels[index] + " chosen.";
    }

    function show(items) {
      while (menu.firstChild) { menu.removeChild(menu.firstChild); }
      names = [];
      values = [];
      labels = [];
      var counts = {};
      items.forEach(function (item) {
        var name = item.name || item.title;
        if (name) { counts[name] = (counts[name] || 0) + 1; }
      });
      items.forEach(function (item) {
        var name = item.name || item.title;
        if (!name) { return; }
        var shared = counts[name] > 1;
        var key = item.code || item.id || name;
        // What tells records of one name apart: an area's level and code, else the kind and id.
        var kind = (item.level || item.kind || "").replace(/-/g, " ");
        var details = [];
        if (item.shortName && item.shortName !== name) { details.push(item.shortName); }
        if (shared) { details.push([kind, key].filter(Boolean).join(", ")); }
        var label = name + (details.length ? " (" + details.join("; ") + ")" : "");
        var option = document.createElement("li");
        option.id = id + "-" + names.length;
        option.className = "autocomplete__option";
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        option.textContent = label;
        var index = names.length;
        values.push(shared ? key : name);
        labels.push(label);
        // mousedown, not click: it comes before the field loses focus and closes the list.
        option.addEventListener("mousedown", function (event) {
          event.preventDefault();
          choose(index);
        });
        names.push(name);
        menu.appendChild(option);
      });
      active = -1;
      if (names.length === 0) {
        close();
        status.textContent = "No results found.";
        return;
      }
      menu.hidden = false;
      if (!multi) { input.setAttribute("aria-expanded", "true"); }
      status.textContent = names.length + (names.length === 1 ? " result is" : " results are") +
        " available. Use the down and up arrow keys to choose.";
    }

    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      var text = typed().text;
      if (text.length < 2) { close(); return; }
      if (text === asked) { return; }
      timer = window.setTimeout(function () {
        asked = text;
        var address = input.getAttribute("data-suggest") + "?limit=8&sort=relevance&q=" + encodeURIComponent(text);
        window.fetch(address, { headers: { "Accept": "application/json" }, credentials: "same-origin" })
          .then(function (response) { return response.ok ? response.json() : { items: [] }; })
          .then(function (body) {
            if (typed().text === text) { show(body.items || []); }
          })
          .catch(function () {});
      }, 200);
    });

    input.addEventListener("keydown", function (event) {
      if (menu.hidden) {
        // Down reopens the last list after Escape.
        if ((event.key === "ArrowDown" || event.key === "Down") && names.length > 0 && typed().text === asked) {
          event.preventDefault();
          menu.hidden = false;
          if (!multi) { input.setAttribute("aria-expanded", "true"); }
          highlight(0);
        }
        return;
      }
      if (event.key === "ArrowDown" || event.key === "Down") {
        event.preventDefault();
        highlight(Math.min(active + 1, names.length - 1));
      } else if (event.key === "ArrowUp" || event.key === "Up") {
        event.preventDefault();
        highlight(active - 1);
      } else if (event.key === "Enter" && active >= 0) {
        event.preventDefault();
        choose(active);
      } else if (event.key === "Escape" || event.key === "Esc") {
        event.preventDefault();
        close();
      }
    });

    input.addEventListener("blur", function () { window.setTimeout(close, 150); });
  });
})();

// Study documents: selecting words inside a paragraph makes that paragraph's form code just the selection.
// Positions are counted in Unicode scalars (code points), as the server counts them, and the screen-reader
// notes inside coded runs ("[coded …]") are not part of the text. Without this script each form codes its
// whole paragraph.
(function () {
  "use strict";
  if (!window.getSelection || !document.createTreeWalker) { return; }
  var passages = document.querySelectorAll(".passage");
  if (!passages.length) { return; }
  function scalars(text) { return Array.from(text).length; }
  function offset(container, node, within) {
    var walker = document.createTreeWalker(container, NodeFilter.SHOW_TEXT, {
      acceptNode: function (n) {
        return n.parentElement && n.parentElement.closest(".visually-hidden") ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT;
      }
    });
    var total = 0, n;
    while ((n = walker.nextNode())) {
      if (n === node) { return total + scalars(n.data.slice(0, within)); }
      total += scalars(n.data);
    }
    return null;
  }
  Array.prototype.forEach.call(passages, function (passage) {
    var form = passage.querySelector("form");
    if (!form) { return; }
    var button = form.querySelector("button");
    var start = form.querySelector("input[name=start]");
    var end = form.querySelector("input[name=end]");
    var whole = [start.value, end.value];
    var label = button.cloneNode(true);
    function restore() {
      while (button.firstChild) { button.removeChild(button.firstChild); }
      Array.prototype.forEach.call(label.childNodes, function (n) { button.appendChild(n.cloneNode(true)); });
    }
    var status = document.createElement("p");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    form.appendChild(status);
    passage.dataset.whole = "1";
    passage.update = function (range) {
      var text = passage.querySelector(".passage__text");
      var from = range && text.contains(range.startContainer) && text.contains(range.endContainer)
        ? offset(text, range.startContainer, range.startOffset) : null;
      var to = from === null ? null : offset(text, range.endContainer, range.endOffset);
      if (from === null || to === null || to <= from) {
        if (start.value !== whole[0] || end.value !== whole[1]) {
          start.value = whole[0]; end.value = whole[1]; restore(); status.textContent = "";
        }
        return;
      }
      var base = parseInt(passage.getAttribute("data-start"), 10);
      start.value = String(base + from);
      end.value = String(base + to);
      button.textContent = "Code the selected words";
      status.textContent = "The selected words (" + (to - from) + " characters) will be coded.";
    };
  });
  document.addEventListener("selectionchange", function () {
    var selection = window.getSelection();
    var range = selection && selection.rangeCount ? selection.getRangeAt(0) : null;
    Array.prototype.forEach.call(passages, function (passage) {
      if (passage.update) { passage.update(range && !range.collapsed ? range : null); }
    });
  });
})();
