/*
 * The comment form, improved when JavaScript runs (it works without it):
 * - "Reply" moves the form under the comment; "Cancel Reply" puts it back.
 * - Name, email and website are remembered in this browser's localStorage,
 *   only when "Save my name, email, and website…" is ticked; unticking it
 *   forgets them.
 * - When the reader starts writing, a CSRF token and a form timestamp of
 *   their own are fetched: the page itself may come from a cache shared by
 *   every reader, which cannot hold one reader's token.
 */
(function () {
  "use strict";

  var STORAGE_KEY = "bbn.commentAuthor";
  var respond = document.getElementById("respond");
  var form = document.getElementById("commentform");
  if (!respond || !form) {
    return;
  }
  var parentInput = document.getElementById("comment_parent");
  var cancelLink = document.getElementById("cancel-comment-reply-link");
  var heading = respond.querySelector(".comment-respond__heading");
  var textarea = form.querySelector("textarea[name=comment]");
  var remember = form.querySelector("input[name=remember]");
  var fields = ["name", "email", "website"];

  // Where the form lives when it is not a reply: a marker left in its place.
  var home = document.createElement("div");
  home.id = "respond-home";
  home.hidden = true;
  respond.parentNode.insertBefore(home, respond);

  function replyTo(link) {
    var item = document.getElementById("comment-" + link.getAttribute("data-comment-id"));
    if (!item) {
      return false;
    }
    var card = item.querySelector(".comment__card");
    item.insertBefore(respond, card ? card.nextSibling : item.firstChild);
    parentInput.value = link.getAttribute("data-comment-id");
    heading.textContent = respond.getAttribute("data-reply-title").replace("%(name)s", link.getAttribute("data-reply-to"));
    cancelLink.hidden = false;
    if (textarea) {
      textarea.focus();
    }
    return true;
  }

  function cancelReply() {
    home.parentNode.insertBefore(respond, home);
    parentInput.value = "";
    heading.textContent = respond.getAttribute("data-comment-title");
    cancelLink.hidden = true;
    if (textarea) {
      textarea.focus();
    }
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest(".comment-reply-link") : null;
    if (link && replyTo(link)) {
      event.preventDefault();
    }
  });
  cancelLink.addEventListener("click", function (event) {
    event.preventDefault();
    cancelReply();
  });

  function storage() {
    try {
      return window.localStorage;
    } catch (error) {
      return null; // storage disabled: nothing is remembered
    }
  }

  function restoreAuthor() {
    var store = storage();
    if (!store || !remember) {
      return;
    }
    var saved = null;
    try {
      saved = JSON.parse(store.getItem(STORAGE_KEY) || "null");
    } catch (error) {
      saved = null;
    }
    if (!saved) {
      return;
    }
    fields.forEach(function (name) {
      var input = form.elements[name];
      if (input && !input.value && typeof saved[name] === "string") {
        input.value = saved[name];
      }
    });
    remember.checked = true;
  }

  var tokens = null; // the pending or finished fetch of this reader's tokens
  var sending = false;

  function fetchTokens() {
    var url = form.getAttribute("data-token-url");
    if (tokens || !url || !window.fetch) {
      return tokens;
    }
    tokens = window
      .fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        return response.ok ? response.json() : null;
      })
      .then(function (data) {
        if (data) {
          form.elements.csrfmiddlewaretoken.value = data.csrfmiddlewaretoken;
          form.elements.token.value = data.token;
        }
      })
      .catch(function () {
        // Without tokens the server answers with the form, the text and a token of its own.
      });
    return tokens;
  }

  form.addEventListener("focusin", fetchTokens);

  form.addEventListener("submit", function (event) {
    if (!sending && form.elements.csrfmiddlewaretoken && !form.elements.csrfmiddlewaretoken.value && fetchTokens()) {
      // Wait for this reader's token, then send (form.submit() fires no second submit event).
      event.preventDefault();
      sending = true;
      tokens.then(function () {
        form.submit();
      });
    }
  });

  form.addEventListener("submit", function () {
    var store = storage();
    if (!store || !remember) {
      return;
    }
    try {
      if (remember.checked) {
        var saved = {};
        fields.forEach(function (name) {
          var input = form.elements[name];
          if (input) {
            saved[name] = input.value;
          }
        });
        store.setItem(STORAGE_KEY, JSON.stringify(saved));
      } else {
        store.removeItem(STORAGE_KEY);
      }
    } catch (error) {
      // A full or disabled storage must never stop the comment being sent.
    }
  });

  restoreAuthor();
})();
