/* The article body editor (articles/widgets.py): a contenteditable area with a
   toolbar, kept in step with the HTML textarea it replaces. No inline script
   or style, so it runs under the site's Content-Security-Policy. The server
   sanitises whatever arrives; the cleaning here only keeps the editing view
   free of things the server would drop anyway. */
(function () {
  "use strict";

  var BUTTONS = [
    { key: "paragraph", text: "¶", command: "formatBlock", value: "<p>" },
    { key: "h2", text: "H2", command: "formatBlock", value: "<h2>" },
    { key: "h3", text: "H3", command: "formatBlock", value: "<h3>" },
    { key: "h4", text: "H4", command: "formatBlock", value: "<h4>" },
    { key: "bold", text: "B", command: "bold" },
    { key: "italic", text: "I", command: "italic" },
    { key: "bulleted", text: "• —", command: "insertUnorderedList" },
    { key: "numbered", text: "1.", command: "insertOrderedList" },
    { key: "quote", text: "“ ”", command: "formatBlock", value: "<blockquote>" },
    { key: "link", text: "Link", command: "createLink" },
    { key: "unlink", text: "Unlink", command: "unlink" },
  ];
  var DROPPED_ELEMENTS = "script, style, iframe, object, embed, link, meta, base, form, input, button, textarea, select";
  var SAFE_LINK = /^(https?:|mailto:|\/|#|[^:]*$)/i;

  function cleanNodes(html) {
    // DOMParser builds an inert document: nothing in it runs or loads.
    var doc = new DOMParser().parseFromString("<body>" + html + "</body>", "text/html");
    doc.body.querySelectorAll(DROPPED_ELEMENTS).forEach(function (element) { element.remove(); });
    doc.body.querySelectorAll("*").forEach(function (element) {
      Array.prototype.slice.call(element.attributes).forEach(function (attribute) {
        var name = attribute.name.toLowerCase();
        if (name.indexOf("on") === 0 || name === "style" || name === "class" ||
            ((name === "href" || name === "src") && !SAFE_LINK.test(attribute.value.trim()))) {
          element.removeAttribute(attribute.name);
        }
      });
    });
    return Array.prototype.slice.call(doc.body.childNodes);
  }

  function liftListsOutOfParagraphs(area) {
    // Browsers may put a new list inside the paragraph it was started in; HTML has no such thing.
    area.querySelectorAll("p > ul, p > ol").forEach(function (list) {
      var paragraph = list.parentNode;
      paragraph.parentNode.insertBefore(list, paragraph.nextSibling);
      if (!paragraph.textContent.trim() && !paragraph.querySelector("img")) paragraph.remove();
    });
  }

  function setUp(textarea) {
    var labels = JSON.parse(textarea.getAttribute("data-rich-text") || "{}");
    var editor = document.createElement("div");
    editor.className = "rich-text";
    var toolbar = document.createElement("div");
    toolbar.className = "rich-text__toolbar";
    toolbar.setAttribute("role", "toolbar");
    toolbar.setAttribute("aria-label", labels.toolbar || "Formatting");
    var area = document.createElement("div");
    area.className = "rich-text__area";
    area.contentEditable = "true";
    area.setAttribute("role", "textbox");
    area.setAttribute("aria-multiline", "true");
    area.setAttribute("aria-label", labels.editor || "Body");
    area.replaceChildren.apply(area, cleanNodes(textarea.value));

    function syncToTextarea() {
      if (!textarea.hidden) return;
      textarea.value = area.innerHTML;
    }

    function run(button) {
      area.focus();
      if (button.command === "createLink") {
        var address = window.prompt(labels.linkPrompt || "Address", "https://");
        if (!address || !SAFE_LINK.test(address.trim())) return;
        document.execCommand("createLink", false, address.trim());
      } else {
        document.execCommand(button.command, false, button.value || null);
      }
      liftListsOutOfParagraphs(area);
      syncToTextarea();
    }

    BUTTONS.forEach(function (button) {
      var element = document.createElement("button");
      element.type = "button";
      element.className = "rich-text__button rich-text__button--" + button.key;
      element.textContent = button.text;
      element.title = labels[button.key] || button.key;
      element.setAttribute("aria-label", labels[button.key] || button.key);
      // Keep the selection in the text while the button is pressed.
      element.addEventListener("mousedown", function (event) { event.preventDefault(); });
      element.addEventListener("click", function () { if (textarea.hidden) run(button); });
      toolbar.appendChild(element);
    });

    var htmlSwitch = document.createElement("button");
    htmlSwitch.type = "button";
    htmlSwitch.className = "rich-text__button rich-text__button--html";
    htmlSwitch.textContent = labels.html || "HTML";
    htmlSwitch.setAttribute("aria-pressed", "false");
    htmlSwitch.addEventListener("click", function () {
      var toHtml = textarea.hidden;
      if (toHtml) {
        textarea.value = area.innerHTML;
      } else {
        area.replaceChildren.apply(area, cleanNodes(textarea.value));
      }
      textarea.hidden = !toHtml;
      area.hidden = toHtml;
      editor.classList.toggle("rich-text--source", toHtml);
      htmlSwitch.setAttribute("aria-pressed", String(toHtml));
      (toHtml ? textarea : area).focus();
    });
    toolbar.appendChild(htmlSwitch);

    area.addEventListener("input", syncToTextarea);
    area.addEventListener("blur", syncToTextarea);
    if (textarea.form) textarea.form.addEventListener("submit", syncToTextarea);

    textarea.parentNode.insertBefore(editor, textarea);
    editor.appendChild(toolbar);
    editor.appendChild(area);
    editor.appendChild(textarea);
    textarea.hidden = true;
    document.execCommand("defaultParagraphSeparator", false, "p");
    document.execCommand("styleWithCSS", false, false);
  }

  function init() {
    document.querySelectorAll("textarea[data-rich-text]").forEach(setUp);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
