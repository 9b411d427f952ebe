"""static/js/comments.js in a real (headless) browser, on the real page markup.

The page rendered by Django is saved with its scripts pointing at the files
in static/, plus a check script that clicks like a reader and writes what it
saw into the page, which Chromium's --dump-dom prints. Skipped where no
Chromium is installed.
"""

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings

from comments.tests.factories import make_article, make_comment

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
STATIC = Path(settings.BASE_DIR) / "static"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(CHROMIUM is None, reason="no Chromium on this machine"),
]

CHECKS = """
(function () {
  var out = [];
  function say(name, value) { out.push(name + "=" + value); }
  var respond = document.getElementById("respond");
  var link = document.querySelector(".comment-reply-link");
  var item = document.getElementById("comment-" + link.getAttribute("data-comment-id"));
  say("restored_name", document.getElementById("id_name").value);
  say("restored_checked", document.getElementById("id_remember").checked);
  link.click();
  say("moved_under_comment", item.contains(respond));
  say("parent", document.getElementById("comment_parent").value === link.getAttribute("data-comment-id"));
  say("heading", document.querySelector(".comment-respond__heading").textContent);
  say("cancel_shown", !document.getElementById("cancel-comment-reply-link").hidden);
  document.getElementById("cancel-comment-reply-link").click();
  say("back_home", !item.contains(respond) && respond.nextElementSibling.id === "respond-home");
  say("parent_cleared", document.getElementById("comment_parent").value === "");
  say("heading_after_cancel", document.querySelector(".comment-respond__heading").textContent);
  var form = document.getElementById("commentform");
  say("no_token_in_page", form.elements.csrfmiddlewaretoken.value === "");
  document.getElementById("id_comment").focus();
  setTimeout(function () { finish(form); }, 200);

  function finish(form) {
  say("token_url", window.fetchedUrl);
  say("csrf_filled", form.elements.csrfmiddlewaretoken.value);
  say("form_token_filled", form.elements.token.value);
  document.getElementById("id_name").value = "Typed Name";
  document.getElementById("id_remember").checked = false;
  form.dispatchEvent(new Event("submit", {cancelable: true}));
  say("forgotten_when_unticked", localStorage.getItem("bbn.commentAuthor") === null);
  document.getElementById("id_remember").checked = true;
  form.dispatchEvent(new Event("submit", {cancelable: true}));
  say("saved_when_ticked", JSON.parse(localStorage.getItem("bbn.commentAuthor")).name);
  var pre = document.createElement("pre");
  pre.id = "js-results";
  pre.textContent = out.join("\\n");
  document.body.appendChild(pre);
  }
})();
"""

SEED_STORAGE = """
localStorage.setItem("bbn.commentAuthor", JSON.stringify({name: "Saved Name", email: "s@example.org", website: ""}));
window.fetch = function (url) {
  window.fetchedUrl = url;
  return Promise.resolve({ok: true, json: function () { return {csrfmiddlewaretoken: "csrf-1", token: "form-1"}; }});
};
"""


@pytest.mark.django_db
def test_reply_moves_the_form_cancel_restores_it_and_details_are_remembered_only_when_ticked(client, tmp_path):
    article = make_article()
    make_comment(article, name="HappyDays")
    html = client.get(article.get_absolute_url()).content.decode()
    html = re.sub(r'src="/static/([^"]+)"', lambda m: f'src="{(STATIC / m.group(1)).as_uri()}"', html)
    (tmp_path / "seed.js").write_text(SEED_STORAGE)
    (tmp_path / "checks.js").write_text(CHECKS)
    html = html.replace("<head>", f'<head><script src="{(tmp_path / "seed.js").as_uri()}"></script>', 1)
    html = html.replace("</body>", f'<script src="{(tmp_path / "checks.js").as_uri()}" defer></script></body>')
    page = tmp_path / "article.html"
    page.write_text(html)

    result = subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            f"--user-data-dir={tmp_path / 'profile'}",
            "--allow-file-access-from-files",
            "--virtual-time-budget=3000",
            "--dump-dom",
            page.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    match = re.search(r'<pre id="js-results">(.*?)</pre>', result.stdout, re.S)
    assert match, result.stderr[-2000:]
    seen = dict(line.split("=", 1) for line in match.group(1).splitlines())
    assert seen == {
        "no_token_in_page": "true",
        "token_url": f"/comments/form-token/{article.pk}/",
        "csrf_filled": "csrf-1",
        "form_token_filled": "form-1",
        "restored_name": "Saved Name",
        "restored_checked": "true",
        "moved_under_comment": "true",
        "parent": "true",
        "heading": "Leave a Reply to HappyDays",
        "cancel_shown": "true",
        "back_home": "true",
        "parent_cleared": "true",
        "heading_after_cancel": "Leave a Comment",
        "forgotten_when_unticked": "true",
        "saved_when_ticked": "Typed Name",
    }
