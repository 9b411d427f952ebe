/* Embedded posts in an article body (articles/embeds.py): each is a plain link
   to the post until the reader presses its button; only then is the
   provider's frame made, so nothing is loaded from the provider before. The
   frame's address is the one the server derived from the post's address
   (data-embed-frame), on a host the Content-Security-Policy's frame-src names. */
(function () {
  "use strict";

  var NAMES = { youtube: "YouTube", vimeo: "Vimeo", x: "X", instagram: "Instagram", bluesky: "Bluesky", mastodon: "Mastodon" };

  function words(body, name, provider) {
    return (body.getAttribute(name) || "").replace(/%\(provider\)s/g, provider);
  }

  function setUp(body, figure) {
    var provider = NAMES[figure.getAttribute("data-embed-provider")] || figure.getAttribute("data-embed-provider");
    var frameAddress = figure.getAttribute("data-embed-frame");
    if (!/^https:\/\//.test(frameAddress)) return;
    var note = document.createElement("p");
    note.className = "embed__note";
    note.textContent = words(body, "data-embed-note", provider);
    var button = document.createElement("button");
    button.type = "button";
    button.className = "embed__load";
    button.textContent = words(body, "data-embed-load", provider);
    button.addEventListener("click", function () {
      var frame = document.createElement("iframe");
      frame.className = "embed__frame embed__frame--" + figure.getAttribute("data-embed-provider");
      frame.src = frameAddress;
      frame.title = words(body, "data-embed-title", provider);
      frame.setAttribute("allow", "encrypted-media; fullscreen; picture-in-picture");
      frame.setAttribute("allowfullscreen", "");
      frame.setAttribute("referrerpolicy", "strict-origin-when-cross-origin");
      frame.setAttribute("sandbox", "allow-scripts allow-same-origin allow-popups allow-presentation");
      note.remove();
      button.replaceWith(frame);
      figure.classList.add("embed--loaded");
      frame.focus();
    });
    figure.appendChild(note);
    figure.appendChild(button);
  }

  function init() {
    document.querySelectorAll("[data-embed-load]").forEach(function (body) {
      body.querySelectorAll("figure.embed[data-embed-frame]").forEach(function (figure) { setUp(body, figure); });
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
