// Who else has this article's change form open, renewed every few seconds
// (articles/presence.py). Without JavaScript the form shows who was there when it loaded.
(function () {
  "use strict";
  var box = document.getElementById("article-presence");
  if (!box || !window.fetch || !window.FormData) {
    return;
  }
  var url = box.getAttribute("data-presence-url");
  var every = (parseInt(box.getAttribute("data-poll-seconds"), 10) || 10) * 1000;

  function csrfToken() {
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function renew(leaving) {
    var body = new FormData();
    body.append("csrfmiddlewaretoken", csrfToken());
    if (leaving) {
      body.append("leaving", "1");
      if (navigator.sendBeacon) {
        navigator.sendBeacon(url, body);
      }
      return;
    }
    fetch(url, { method: "POST", body: body, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (data) {
          box.textContent = data.text;
          box.hidden = !data.others.length;
        }
      })
      .catch(function () { /* The next renewal tries again; the form works without it. */ });
  }

  // At once too: a form shown again after a refused save was not noted by the server.
  renew(false);
  window.setInterval(function () { renew(false); }, every);
  window.addEventListener("pagehide", function () { renew(true); });
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) {
      renew(false);
    }
  });
})();
