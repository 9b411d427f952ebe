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

  // A first visit to the home page may offer, never force, the language the browser prefers:
  // the page is the same for every reader (it is cached), so the offer is made here, from
  // the switcher's links and their texts in each language, and a dismissal is remembered.
  var offer = document.querySelector("[data-language-offer]");
  var dismissedKey = "language-offer-dismissed";
  var dismissed = function () {
    try {
      return window.localStorage.getItem(dismissedKey) === "1";
    } catch (error) {
      return true;
    }
  };
  if (offer && window.location.pathname === "/" && !dismissed()) {
    var current = document.documentElement.lang;
    var choices = {};
    document.querySelectorAll(".lang-switcher__list li[data-offer]").forEach(function (item) {
      var link = item.querySelector("a[lang]");
      if (link) {
        choices[link.getAttribute("lang")] = { item: item, link: link };
      }
    });
    var preferred = (navigator.languages || [navigator.language || ""])
      .map(function (tag) { return String(tag).slice(0, 2).toLowerCase(); })
      .filter(function (code) { return choices[code]; })[0];
    if (preferred && preferred !== current) {
      var choice = choices[preferred];
      var go = document.createElement("a");
      go.href = choice.link.getAttribute("href");
      go.lang = preferred;
      go.textContent = choice.item.getAttribute("data-offer");
      var close = document.createElement("button");
      close.type = "button";
      close.lang = preferred;
      close.textContent = choice.item.getAttribute("data-dismiss");
      close.addEventListener("click", function () {
        try {
          window.localStorage.setItem(dismissedKey, "1");
        } catch (error) {
          // Private windows may refuse storage: the offer just goes away for this page.
        }
        offer.hidden = true;
      });
      go.addEventListener("click", function () {
        try {
          window.localStorage.setItem(dismissedKey, "1");
        } catch (error) {
          // As above.
        }
      });
      offer.appendChild(go);
      offer.appendChild(close);
      offer.hidden = false;
    }
  }
})();
