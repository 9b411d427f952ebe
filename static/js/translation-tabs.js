/* The newsroom's translated fields (articles/translation.py) as one tab per
   language: "Name" shows English, and the Español, Français and العربية tabs
   switch the same row to that language's column. Without this file every
   language's field is simply listed, and the form works the same. */
(function () {
  "use strict";
  // The admin loads form media in <head>: wait for the form.
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }

  function setUp() {
  var PREFIX = "mt-field-";
  var groups = {};
  var order = [];

  document.querySelectorAll(".mt").forEach(function (field) {
    var cls = Array.prototype.find.call(field.classList, function (name) { return name.indexOf(PREFIX) === 0; });
    var row = field.closest(".form-row");
    if (!cls || !row) return;
    var bits = cls.slice(PREFIX.length).split("-");
    var language = bits.pop();
    var name = bits.join("-");
    if (!groups[name]) {
      groups[name] = [];
      order.push(name);
    }
    groups[name].push({ language: language, row: row, hasError: !!row.querySelector(".errorlist") });
  });

  function languageName(code) {
    try {
      var name = new Intl.DisplayNames([code], { type: "language" }).of(code);
      return name.charAt(0).toUpperCase() + name.slice(1);
    } catch (error) {
      return code;
    }
  }

  order.forEach(function (name) {
    var entries = groups[name];
    if (entries.length < 2) return;
    var tabs = document.createElement("div");
    tabs.className = "translation-tabs";
    tabs.setAttribute("role", "tablist");
    var buttons = entries.map(function (entry, index) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "translation-tabs__tab" + (entry.hasError ? " translation-tabs__tab--error" : "");
      button.setAttribute("role", "tab");
      button.lang = entry.language;
      button.textContent = languageName(entry.language);
      button.addEventListener("click", function () { show(index); });
      tabs.appendChild(button);
      return button;
    });
    function show(chosen) {
      entries.forEach(function (entry, index) {
        entry.row.hidden = index !== chosen;
        buttons[index].setAttribute("aria-selected", String(index === chosen));
      });
    }
    entries[0].row.parentNode.insertBefore(tabs, entries[0].row);
    var firstError = entries.findIndex(function (entry) { return entry.hasError; });
    show(firstError >= 0 ? firstError : 0);
  });
  }
})();
