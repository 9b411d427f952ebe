/* The article body editor (articles/widgets.py): django-prose-editor, that is
   ProseMirror through Tiptap, with exactly the extensions the widget names and
   two of ours, a picture from the media library (with its alt text and
   caption) and an embedded post (a neutral block; the page loads the post
   only when the reader asks, see embeds.js).

   This module imports the editor's own module by its address, so the page
   needs no import map (which would be an inline script), and it asks Tiptap
   not to inject a <style> element: the editor's styles come from its
   stylesheets. Both would otherwise be refused by the site's
   Content-Security-Policy. */
import * as prose from "../django_prose_editor/editor.js";

const { Editor, Node, crel, updateAttrsDialog } = prose;

function pictureAttribute(read) {
  return { default: null, rendered: false, parseHTML: read };
}

const LibraryFigure = Node.create({
  name: "libraryFigure",
  group: "block",
  atom: true,
  draggable: true,
  selectable: true,

  addOptions() {
    return { labels: {}, pickerUrl: "" };
  },

  addAttributes() {
    const image = (element) => element.querySelector(":scope > img");
    const imageAttribute = (name) => pictureAttribute((element) => image(element)?.getAttribute(name) || null);
    return {
      src: imageAttribute("src"),
      srcset: imageAttribute("srcset"),
      width: imageAttribute("width"),
      height: imageAttribute("height"),
      alt: pictureAttribute((element) => image(element)?.getAttribute("alt") || ""),
      caption: pictureAttribute((element) => element.querySelector(":scope > figcaption")?.textContent.trim() || ""),
    };
  },

  parseHTML() {
    return [{ tag: "figure", getAttrs: (element) => (!element.classList.length && element.querySelector(":scope > img") ? null : false) }];
  },

  renderHTML({ node }) {
    const image = { src: node.attrs.src, alt: node.attrs.alt };
    for (const name of ["srcset", "width", "height"]) {
      if (node.attrs[name]) image[name] = node.attrs[name];
    }
    return ["figure", ["img", image], ["figcaption", node.attrs.caption]];
  },

  addCommands() {
    return {
      insertLibraryPicture: () => ({ editor }) => {
        choosePicture(editor, this.options).then((attrs) => {
          if (attrs) editor.chain().focus().insertContent({ type: this.name, attrs }).run();
        });
        return true;
      },
      describeLibraryPicture: () => ({ editor }) => {
        const current = editor.getAttributes(this.name);
        describePicture(editor, this.options.labels, current).then((attrs) => {
          if (attrs) editor.chain().focus().updateAttributes(this.name, attrs).run();
        });
        return true;
      },
    };
  },

  addMenuItems({ buttons, menu }) {
    const labels = this.options.labels;
    menu.defineItem({
      name: "libraryPicture",
      groups: "nodes",
      command: (editor) => editor.commands.insertLibraryPicture(),
      button: buttons.material("add_photo_alternate", labels.picture),
    });
    menu.defineItem({
      name: "describeLibraryPicture",
      groups: "nodes",
      command: (editor) => editor.commands.describeLibraryPicture(),
      button: buttons.material("edit_note", labels.editPicture),
      hidden: (editor) => !editor.isActive(this.name),
    });
  },
});

function describePicture(editor, labels, current) {
  return updateAttrsDialog(
    {
      alt: { type: "string", title: labels.alt, description: labels.altHelp, required: true },
      caption: { type: "string", title: labels.caption, format: "textarea", required: true },
    },
    { title: labels.editPicture, submitText: labels.insert },
  )(editor, { alt: current.alt || "", caption: current.caption || "" }).then((values) => {
    if (!values) return null;
    const alt = values.alt.trim();
    const caption = values.caption.trim();
    // The dialog's "required" accepts spaces; the server refuses them, so ask again here.
    return alt && caption ? { alt, caption } : describePicture(editor, labels, { alt, caption });
  });
}

/* A modal list of the library's pictures, searched on the server; resolves to
   the chosen picture's attributes (alt text and caption confirmed) or null. */
function choosePicture(editor, options) {
  const labels = options.labels;
  return new Promise((resolve) => {
    const search = crel("input", { type: "search", className: "body-picker__search", placeholder: labels.search });
    search.setAttribute("aria-label", labels.search);
    const list = crel("ul", { className: "body-picker__list" });
    const close = crel("button", { type: "button", textContent: labels.close });
    const dialog = crel("dialog", { className: "prose-editor-dialog body-picker" }, [
      crel("h3", { className: "prose-editor-dialog-title", textContent: labels.pickTitle }),
      search,
      list,
      crel("div", { className: "prose-editor-dialog-buttons" }, [close]),
    ]);
    let chosen = null;
    let latest = 0;

    function show(pictures) {
      list.replaceChildren();
      if (!pictures.length) {
        list.append(crel("li", { className: "body-picker__empty", textContent: labels.noPictures }));
      }
      for (const picture of pictures) {
        const button = crel("button", { type: "button", className: "body-picker__choice" }, [
          crel("img", { src: picture.thumbnail, alt: "", width: 96 }),
          crel("span", { textContent: picture.title }),
        ]);
        button.addEventListener("click", () => {
          chosen = picture;
          dialog.close();
        });
        list.append(crel("li", {}, [button]));
      }
    }

    function load() {
      const request = ++latest;
      const url = new URL(options.pickerUrl, window.location.href);
      if (search.value.trim()) url.searchParams.set("q", search.value.trim());
      fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then((response) => (response.ok ? response.json() : { results: [] }))
        .then((data) => {
          if (request === latest) show(data.results || []);
        });
    }

    let timer = null;
    search.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(load, 250);
    });
    close.addEventListener("click", () => dialog.close());
    dialog.addEventListener("close", () => {
      dialog.remove();
      if (!chosen) {
        resolve(null);
        return;
      }
      describePicture(editor, labels, { alt: chosen.alt, caption: chosen.caption }).then((words) => {
        if (!words) {
          resolve(null);
          return;
        }
        const { src, srcset, width, height } = chosen;
        resolve({ src, srcset: srcset || null, width, height, ...words });
      });
    });
    editor.view.dom.parentElement.append(dialog);
    dialog.showModal();
    load();
  });
}

const Embed = Node.create({
  name: "embed",
  group: "block",
  atom: true,
  draggable: true,
  selectable: true,

  addOptions() {
    return { labels: {} };
  },

  addAttributes() {
    const data = (name) => ({ default: null, rendered: false, parseHTML: (element) => element.getAttribute(name) });
    return {
      url: data("data-embed-url"),
      provider: data("data-embed-provider"),
      frame: data("data-embed-frame"),
    };
  },

  parseHTML() {
    return [{ tag: "figure.embed[data-embed-url]" }];
  },

  renderHTML({ node }) {
    // The server derives the provider and the frame from the address (articles/embeds.py).
    const figure = { class: "embed", "data-embed-url": node.attrs.url };
    if (node.attrs.provider) figure["data-embed-provider"] = node.attrs.provider;
    if (node.attrs.frame) figure["data-embed-frame"] = node.attrs.frame;
    return ["figure", figure, ["a", { href: node.attrs.url }, node.attrs.url]];
  },

  addCommands() {
    return {
      insertEmbed: () => ({ editor }) => {
        const labels = this.options.labels;
        updateAttrsDialog(
          { url: { type: "string", format: "url", title: labels.embedUrl, description: labels.embedHelp, required: true } },
          { title: labels.embedTitle, submitText: labels.insert },
        )(editor, { url: "" }).then((values) => {
          const url = values && values.url.trim();
          if (url) editor.chain().focus().insertContent({ type: this.name, attrs: { url } }).run();
        });
        return true;
      },
    };
  },

  addMenuItems({ buttons, menu }) {
    menu.defineItem({
      name: "embed",
      groups: "nodes",
      command: (editor) => editor.commands.insertEmbed(),
      button: buttons.material("smart_display", this.options.labels.embed),
    });
  },
});

const OWN_EXTENSIONS = { LibraryFigure, Embed };

function createBodyEditor(textarea) {
  if (textarea.closest(".prose-editor")) return null;
  const config = JSON.parse(textarea.getAttribute("data-body-editor"));
  const extensions = [];
  for (const [name, options] of Object.entries(config.extensions)) {
    const own = OWN_EXTENSIONS[name];
    const extension = own || prose[name];
    if (!extension) throw new Error(`body editor: no extension called ${name}`);
    const settings = own ? { labels: config.labels, pickerUrl: config.pickerUrl } : options;
    extensions.push(typeof settings === "object" && settings !== null ? extension.configure(settings) : extension);
  }
  const wrapper = crel("div", { className: "prose-editor" });
  textarea.before(wrapper);
  wrapper.append(textarea);
  return new Editor({
    element: wrapper,
    extensions,
    content: textarea.value,
    injectCSS: false,
    onUpdate({ editor }) {
      const html = editor.getHTML();
      // An empty document is an empty body, not "<p></p>".
      textarea.value = /^<(\w+)(\s[^>]*)?><\/\1>$/i.test(html) ? "" : html;
      textarea.dispatchEvent(new Event("input", { bubbles: true }));
    },
  });
}

prose.initializeEditors(createBodyEditor, "textarea[data-body-editor]");
