// Progressive enhancement only: without this file every link and form still works.
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  // On narrow screens the CSS shows a "Menu" link to the closed menu (its :target opens
  // it without JavaScript); here it becomes a button that opens and closes it in place.
  // Nothing changes size, so the page does not move when this runs.
  var toggle = document.querySelector(".menu-toggle");
  var menu = document.getElementById("main-menu");
  if (toggle && menu) {
    var setOpen = function (open) {
      toggle.setAttribute("aria-expanded", String(open));
      menu.classList.toggle("is-open", open);
      menu.classList.toggle("is-closed", !open);
    };
    toggle.setAttribute("role", "button");
    setOpen(window.location.hash === "#main-menu");
    toggle.addEventListener("click", function (event) {
      event.preventDefault();
      setOpen(toggle.getAttribute("aria-expanded") !== "true");
    });
    toggle.addEventListener("keydown", function (event) {
      if (event.key === " ") {
        event.preventDefault();
        toggle.click();
      }
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
