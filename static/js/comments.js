/*
 * The comment form, improved when JavaScript runs (it works without it):
 * - "Reply" moves the form under the comment; "Cancel Reply" puts it back.
 * - Name, email and website are remembered in this browser's localStorage,
 *   only when "Save my name, email, and website…" is ticked; unticking it
 *   forgets them.
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
