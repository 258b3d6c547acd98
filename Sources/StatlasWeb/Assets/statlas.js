// Statlas progressive enhancement: suggestions while typing a record's name. Every page works without this
// script; with it, a text field that refers to records (data-suggest, the collection's API address) offers
// the names of matching records in its datalist, which the browser shows as it shows its own suggestions.
// Names are set as text (value and label), never as markup.
(function () {
  "use strict";
  var fields = document.querySelectorAll("input[data-suggest]");
  Array.prototype.forEach.call(fields, function (input) {
    var list = document.getElementById(input.getAttribute("list"));
    if (!list || !window.fetch) { return; }
    var timer = null;
    var asked = "";
    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      var text = input.value.trim();
      if (text.length < 2 || text === asked) { return; }
      timer = window.setTimeout(function () {
        asked = text;
        var address = input.getAttribute("data-suggest") + "?limit=8&q=" + encodeURIComponent(text);
        window.fetch(address, { headers: { "Accept": "application/json" }, credentials: "same-origin" })
          .then(function (response) { return response.ok ? response.json() : { items: [] }; })
          .then(function (body) {
            if (input.value.trim() !== text) { return; }
            while (list.firstChild) { list.removeChild(list.firstChild); }
            (body.items || []).forEach(function (item) {
              var name = item.name || item.title;
              if (!name) { return; }
              var option = document.createElement("option");
              option.value = name;
              if (item.shortName) { option.label = item.shortName; }
              list.appendChild(option);
            });
          })
          .catch(function () {});
      }, 200);
    });
  });
})();
