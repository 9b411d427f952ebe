// Progressive enhancement only: without this file every link and form still works.
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  // The category menu collapses behind a button on narrow screens.
  var toggle = document.querySelector(".menu-toggle");
  var menu = document.getElementById("main-menu");
  if (toggle && menu) {
    toggle.hidden = false;
    toggle.addEventListener("click", function () {
      var open = toggle.getAttribute("aria-expanded") !== "true";
      toggle.setAttribute("aria-expanded", String(open));
      menu.classList.toggle("is-open", open);
    });
  }

  // The language switcher opens on click too, for touch screens and keyboards.
  var language = document.querySelector(".lang-switcher__current");
  if (language) {
    language.addEventListener("click", function () {
      var open = language.getAttribute("aria-expanded") !== "true";
      language.setAttribute("aria-expanded", String(open));
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape") {
        language.setAttribute("aria-expanded", "false");
      }
    });
  }
})();
