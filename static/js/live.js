// A live article's new entries, put at the top without a reload (articles/live.py).
// Asks the article's live updates for the entries after the newest one shown, every
// few seconds while the tab is visible; without JavaScript a reload shows them.
(function () {
  "use strict";
  var section = document.getElementById("live");
  var url = section && section.getAttribute("data-live-url");
  if (!url || !window.fetch || !window.DOMParser) {
    return;
  }
  var entries = document.getElementById("live-entries");
  var keyEvents = document.getElementById("live-key-events");
  var status = document.getElementById("live-status");
  var every = Math.max(5, parseInt(section.getAttribute("data-poll-seconds"), 10) || 8) * 1000;
  var after = parseInt(section.getAttribute("data-after"), 10) || 0;
  var timer = null;
  var asking = false;
  var ended = false;

  // The fragments come written out (and escaped) by the server's templates; parsed
  // as inert HTML, never run.
  function elementFrom(html) {
    return new DOMParser().parseFromString(html, "text/html").body.firstElementChild;
  }

  function announce(text) {
    // Emptied first, so that the same words twice are read twice.
    status.textContent = "";
    window.setTimeout(function () { status.textContent = text; }, 50);
  }

  function show(data) {
    var added = 0;
    // Newest first in the answer: put the oldest on top first, so the newest ends up above it.
    for (var index = data.entries.length - 1; index >= 0; index--) {
      var entry = data.entries[index];
      if (entry.id <= after || document.getElementById("entry-" + entry.id)) {
        continue;
      }
      var element = elementFrom(entry.html);
      if (!element) {
        continue;
      }
      var empty = entries.querySelector(".live__empty");
      if (empty) {
        empty.remove();
      }
      entries.insertBefore(element, entries.firstElementChild);
      if (entry.key_event && entry.key_event_html && keyEvents) {
        var item = new DOMParser().parseFromString("<ol>" + entry.key_event_html + "</ol>", "text/html").querySelector("li");
        if (item) {
          keyEvents.insertBefore(item, keyEvents.firstElementChild);
          keyEvents.closest("nav").hidden = false;
        }
      }
      after = Math.max(after, entry.id);
      added += 1;
    }
    var messages = [];
    if (added === 1) {
      messages.push(section.getAttribute("data-one-new"));
    } else if (added > 1) {
      messages.push(section.getAttribute("data-many-new").replace("%(count)s", added));
    }
    if (data.truncated) {
      messages.push(section.getAttribute("data-reload"));
    }
    if (!data.live) {
      ended = true;
      messages.push(section.getAttribute("data-ended"));
    }
    if (messages.length) {
      announce(messages.join(" "));
    }
  }

  function ask() {
    timer = null;
    if (asking || ended || document.hidden) {
      return;
    }
    asking = true;
    fetch(url + "?after=" + after, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (response.status === 404) {
          ended = true; // unpublished, or its coverage removed: nothing more will come
          return null;
        }
        return response.ok ? response.json() : null;
      })
      .then(function (data) {
        if (data) {
          show(data);
        }
      })
      .catch(function () { /* Offline for a moment: the next turn asks again. */ })
      .then(function () {
        asking = false;
        schedule();
      });
  }

  function schedule() {
    if (timer === null && !ended && !document.hidden) {
      timer = window.setTimeout(ask, every);
    }
  }

  document.addEventListener("visibilitychange", function () {
    if (document.hidden) {
      if (timer !== null) {
        window.clearTimeout(timer);
        timer = null;
      }
    } else if (timer === null && !asking) {
      // Back on the tab: catch up at once, then at the usual pace.
      ask();
    }
  });
  schedule();
})();
