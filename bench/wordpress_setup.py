"""Stock WordPress (Debian's `wordpress` package) holding our benchmark article, for `BENCH_WORDPRESS_URL`.

The performance goal compares our article page, built with every cache empty,
with stock WordPress serving the same article, both measured with wrk. This
script builds that WordPress on this machine, as root:

1. installs Debian's packages when missing (wordpress 6.1, apache2,
   libapache2-mod-php, php-mysql, the php CLI and WordPress 6.1's default theme,
   Twenty Twenty-Three, which Debian ships as a package of its own);
2. makes the MariaDB database `wordpress_bench` and its user, writes
   /etc/wordpress/config-127.0.0.1.php (Debian's wp-config.php loads
   /etc/wordpress/config-<Host header without its port>.php) and an apache
   site serving /usr/share/wordpress on 127.0.0.1:8400 with WordPress's own
   rewrite rules for pretty permalinks, then starts apache (at niceness 0,
   even when this script runs under `nice`). Apache then listens on
   127.0.0.1:8400 only: the script disables Debian's default site and the
   `Listen 80` of /etc/apache2/ports.conf;
3. installs WordPress (wp_install, with the default theme and no plugin
   active), sets permalinks to /%postname%/ and checks that comments are not
   broken into pages (WordPress's default), so that all the comments are on
   the article's one page, as on ours;
4. reads the article and its approved comments from our database with
   Django's ORM (DATABASE_URL) and writes them into WordPress with its PHP
   API (wp_insert_post, wp_insert_comment, replies keeping their parent),
   replacing any earlier copy; then runs WordPress's due cron jobs once, so
   that the first benchmark requests do not spawn them;
5. fetches the article once and checks it: status 200, the title, and one
   `<li id="comment-N">` for each approved comment. The last line printed is
   the article's address.

    DJANGO_SECRET_KEY=x DATABASE_URL=postgres://postgres@127.0.0.1:5432/np_prof \\
        .venv/bin/python bench/wordpress_setup.py [ARTICLE_PATH] [--reset]

ARTICLE_PATH is the article's path on our site (default
/bench-breaking-story-with-a-long-thread/, made by bench/prepare_article.py);
WordPress gets it at http://127.0.0.1:8400/<slug>/. Our database is only read.
A second run reuses the packages, database, configuration and installation
and replaces the article; --reset drops the WordPress database first and
installs WordPress again. Apache is restarted gracefully only when its
configuration changed.

The data reaches PHP as JSON in a temporary file, never as text in PHP source.
"""

import argparse
import html
import json
import os
import re
import secrets
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import UTC
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

HOST = "127.0.0.1"
PORT = 8400
SITE_URL = f"http://{HOST}:{PORT}"
# The Host header PHP is given on the command line, as a browser would send it to SITE_URL.
HTTP_HOST = f"{HOST}:{PORT}"

WORDPRESS_DIR = Path("/usr/share/wordpress")
WORDPRESS_CONTENT_DIR = Path("/var/lib/wordpress/wp-content")
# Debian's wp-config.php strips the port from the Host header and loads /etc/wordpress/config-<host>.php.
WORDPRESS_CONFIG = Path(f"/etc/wordpress/config-{HOST}.php")
DEFAULT_THEME = "twentytwentythree"  # WP_DEFAULT_THEME in WordPress 6.1
PERMALINKS = "/%postname%/"

APACHE_SITE = "wordpress-bench"
APACHE_SITE_FILE = Path(f"/etc/apache2/sites-available/{APACHE_SITE}.conf")
APACHE_PORTS_FILE = Path("/etc/apache2/ports.conf")
APACHE_PID_FILE = Path("/run/apache2/apache2.pid")

DATABASE_NAME = "wordpress_bench"
DATABASE_USER = "wordpress_bench"

# WordPress, apache with mod_php and PHP's MySQL driver, the php CLI this script runs WordPress's API with,
# and the default theme:
# Debian's `wordpress` ships no theme at all, only Recommends this one, and Recommends may be off.
PACKAGES = [
    "wordpress",
    "apache2",
    "libapache2-mod-php",
    "php-mysql",
    "php-cli",
    f"wordpress-theme-{DEFAULT_THEME}",
]

DEFAULT_ARTICLE_PATH = "/bench-breaking-story-with-a-long-thread/"

# Every PHP script starts so: its data from the JSON file named by its first argument,
# and the Host header that Debian's wp-config.php needs to find the configuration file.
PHP_PRELUDE = r"""<?php
$input = json_decode(file_get_contents($argv[1]), true, 512, JSON_THROW_ON_ERROR);
$_SERVER['HTTP_HOST'] = $input['http_host'];
$_SERVER['SERVER_NAME'] = $input['http_host'];
$_SERVER['REQUEST_URI'] = '/';
$_SERVER['REQUEST_METHOD'] = 'GET';

function report($result) {
    echo "\n", json_encode($result), "\n";
}
"""

PHP_INSTALL = (
    PHP_PRELUDE
    + r"""
// Without it, wp-load.php sends a not-yet-installed site to wp-admin/install.php and exits.
define('WP_INSTALLING', true);
require_once $input['wordpress_dir'] . '/wp-load.php';
require_once ABSPATH . 'wp-admin/includes/upgrade.php';

$installed_now = false;
if (!is_blog_installed()) {
    // What the installer's form (wp-admin/install.php?step=2) does; the site is public, as by default.
    wp_install($input['blog_title'], $input['admin_login'], $input['admin_email'], true, '',
               wp_slash($input['admin_password']));
    $installed_now = true;
}
report(['installed_now' => $installed_now, 'version' => get_bloginfo('version')]);
"""
)

PHP_CONFIGURE = (
    PHP_PRELUDE
    + r"""
require_once $input['wordpress_dir'] . '/wp-load.php';

// The default already; set again in case someone changed it, since all the comments must be on the one page.
$page_comments_was = (int) get_option('page_comments');
update_option('page_comments', 0);

global $wp_rewrite;
$wp_rewrite->set_permalink_structure($input['permalinks']);
// A soft flush rebuilds the rules WordPress keeps in its options; the apache site holds the .htaccess part.
flush_rewrite_rules(false);

$theme = wp_get_theme();
report([
    'theme' => get_stylesheet(),
    'theme_exists' => $theme->exists(),
    'theme_name' => $theme->get('Name'),
    'theme_version' => $theme->get('Version'),
    'block_theme' => wp_is_block_theme(),
    'active_plugins' => get_option('active_plugins'),
    'permalinks' => get_option('permalink_structure'),
    'page_comments_was' => $page_comments_was,
    'thread_comments' => (int) get_option('thread_comments'),
    'thread_comments_depth' => (int) get_option('thread_comments_depth'),
    'show_avatars' => (int) get_option('show_avatars'),
    'comment_order' => get_option('comment_order'),
]);
"""
)

PHP_IMPORT = (
    PHP_PRELUDE
    + r"""
require_once $input['wordpress_dir'] . '/wp-load.php';

function fail($message) {
    fwrite(STDERR, $message . "\n");
    exit(1);
}

// As the site's administrator: an anonymous caller's post body goes through kses, which would change its HTML.
$admins = get_users(['role' => 'administrator', 'orderby' => 'ID', 'number' => 1]);
if (!$admins) {
    fail('WordPress has no administrator');
}
wp_set_current_user($admins[0]->ID);

$article = $input['article'];

$author = get_user_by('login', $article['author_login']);
if ($author) {
    $author_id = $author->ID;
} else {
    $author_id = wp_insert_user([
        'user_login' => $article['author_login'],
        'user_nicename' => $article['author_login'],
        'display_name' => $article['author_name'],
        'user_email' => $article['author_login'] . '@authors.invalid',
        'user_pass' => wp_generate_password(32),
        'role' => 'author',
    ]);
    if (is_wp_error($author_id)) {
        fail('author: ' . $author_id->get_error_message());
    }
}

$category = term_exists($article['category_slug'], 'category');
if (!$category) {
    $category = wp_insert_term($article['category_name'], 'category', ['slug' => $article['category_slug']]);
    if (is_wp_error($category)) {
        fail('category: ' . $category->get_error_message());
    }
}
$category_id = (int) $category['term_id'];

// An earlier copy, with its comments (force: past the trash, which would keep its slug taken).
$earlier = get_posts([
    'name' => $article['slug'], 'post_type' => 'post', 'post_status' => 'any', 'numberposts' => -1, 'fields' => 'ids',
]);
foreach ($earlier as $earlier_id) {
    wp_delete_post($earlier_id, true);
}

// WordPress's insert functions unslash what they are given, as they expect form data.
$post_id = wp_insert_post(wp_slash([
    'post_type' => 'post',
    'post_status' => 'publish',
    'post_title' => $article['title'],
    'post_name' => $article['slug'],
    'post_excerpt' => $article['excerpt'],
    'post_content' => $article['body'],
    'post_date' => get_date_from_gmt($article['published_at_gmt']),
    'post_date_gmt' => $article['published_at_gmt'],
    'post_author' => $author_id,
    'post_category' => [$category_id],
    'comment_status' => 'open',
]), true);
if (is_wp_error($post_id)) {
    fail('post: ' . $post_id->get_error_message());
}
$post = get_post($post_id);
if ($post->post_status !== 'publish' || $post->post_name !== $article['slug']) {
    fail("post saved as {$post->post_status} at {$post->post_name}, not published at {$article['slug']}");
}

// Parents come before their replies in the list, so each reply finds its parent's new id here.
$wordpress_ids = [];
foreach ($input['comments'] as $comment) {
    $parent = $comment['parent_id'] === null ? 0 : ($wordpress_ids[$comment['parent_id']] ?? 0);
    $comment_id = wp_insert_comment(wp_slash([
        'comment_post_ID' => $post_id,
        'comment_parent' => $parent,
        'comment_author' => $comment['name'],
        'comment_author_email' => $comment['email'],
        'comment_author_url' => $comment['website'],
        // A reader's comment reaches the database through kses (wp_new_comment's filters): plain text
        // with a "<" in it is stored as "&lt;", and shows as the reader typed it, as on our site.
        'comment_content' => wp_unslash(wp_filter_kses(wp_slash($comment['body']))),
        'comment_date' => get_date_from_gmt($comment['created_at_gmt']),
        'comment_date_gmt' => $comment['created_at_gmt'],
        'comment_approved' => 1,
        'comment_type' => 'comment',
        'comment_author_IP' => '',
        'comment_agent' => '',
        'user_id' => 0,
    ]));
    if (!$comment_id) {
        fail("comment {$comment['id']} was not saved");
    }
    $wordpress_ids[$comment['id']] = $comment_id;
}

clean_post_cache($post_id);
$post = get_post($post_id);
report([
    'post_id' => $post_id,
    'url' => get_permalink($post_id),
    // The title as the theme prints it (through wptexturize and the other the_title filters).
    'title_html' => get_the_title($post_id),
    'comment_count' => (int) $post->comment_count,
    'comment_ids' => array_values($wordpress_ids),
    'body_stored_verbatim' => $post->post_content === $article['body'],
    'replaced_posts' => count($earlier),
]);
"""
)

PHP_RUN_CRON = (
    PHP_PRELUDE
    + r"""
// wp-cron.php as a visitor's page would spawn it: every due job (update checks, pings, site health) runs now.
// It exits when nothing is due, so the report is made on the way out.
register_shutdown_function(function () {
    report(['jobs_still_due' => count(wp_get_ready_cron_jobs())]);
});
require $input['wordpress_dir'] . '/wp-cron.php';
"""
)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("article_path", nargs="?", default=DEFAULT_ARTICLE_PATH, help="our article's path")
    parser.add_argument("--reset", action="store_true", help="drop the WordPress database and install again")
    args = parser.parse_args()
    started = time.monotonic()
    if os.geteuid() != 0:
        sys.exit("Run as root: it installs packages and writes apache's and WordPress's configuration.")

    # Our side first: a wrong path fails before anything is installed.
    article, comments = read_article(args.article_path)
    print(f"Our article: {article['title']!r}, {len(comments)} approved comments")

    install_packages()
    password = database_password()
    set_up_database(password, reset=args.reset)
    write_wordpress_config(password)
    configure_apache()

    installed = run_php(PHP_INSTALL, wordpress_install_data())
    print(f"WordPress {installed['version']}: {'installed' if installed['installed_now'] else 'already installed'}")
    settings = run_php(PHP_CONFIGURE, {})
    check_settings(settings)

    imported = run_php(PHP_IMPORT, {"article": article, "comments": comments})
    print(
        f"Article written as post {imported['post_id']} with {imported['comment_count']} comments"
        f" (earlier copies replaced: {imported['replaced_posts']};"
        f" body stored verbatim: {imported['body_stored_verbatim']})"
    )
    cron = run_php(PHP_RUN_CRON, {}, timeout=300)
    print(f"Due cron jobs run; still due: {cron['jobs_still_due']}")

    url = f"{SITE_URL}/{article['slug']}/"
    check_page(url, article, imported)
    print(f"Took {time.monotonic() - started:.1f} s")
    print(url)


def read_article(path):
    """The article at `path` on our site and its approved comments, parents before replies, as plain data."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsportal.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.conf import settings
    from django.urls import Resolver404, resolve
    from django.utils import translation

    from articles.models import Article
    from comments.models import Comment

    try:
        match = resolve(path)
    except Resolver404:
        sys.exit(f"{path} is not an address on our site.")
    if match.view_name != "articles:detail":
        sys.exit(f"{path} is not an article's address (it is {match.view_name}).")
    language = translation.get_language_from_path(path) or settings.LANGUAGE_CODE
    try:
        found = (
            Article.objects.published()
            .select_related("author", "category")
            .get(slug=match.kwargs["slug"], language=language)
        )
    except Article.DoesNotExist:
        sys.exit(f"No published article at {path} in {settings.DATABASES['default']['NAME']}.")

    article = {
        "title": found.title,
        # Our slugs may be Unicode; WordPress would store such a one percent-encoded, and then the check fails.
        "slug": found.slug,
        "excerpt": found.excerpt,
        "body": found.body,
        "published_at_gmt": wordpress_time(found.published_at),
        "author_name": found.author.name,
        "author_login": found.author.slug,
        "category_name": found.category.name,
        "category_slug": found.category.slug,
    }
    approved = list(
        Comment.objects.filter(article=found)
        .approved()
        .oldest_first()
        .values("id", "parent_id", "name", "email", "website", "body", "created_at")
    )
    for comment in approved:
        comment["created_at_gmt"] = wordpress_time(comment.pop("created_at"))
    return article, parents_first(approved)


def parents_first(comments):
    """The comments in their order, except that a reply never comes before its parent.

    A reply whose parent is not among them (held, spam or trash) is shown at the
    top level of our thread; it keeps its parent id, which then maps to none.
    """
    present = {comment["id"] for comment in comments}
    placed = set()
    ordered = []
    waiting = list(comments)
    while waiting:
        still_waiting = []
        for comment in waiting:
            parent = comment["parent_id"]
            if parent is None or parent not in present or parent in placed:
                ordered.append(comment)
                placed.add(comment["id"])
            else:
                still_waiting.append(comment)
        if len(still_waiting) == len(waiting):
            sys.exit(f"Comments {[comment['id'] for comment in waiting]} reply to each other in a loop.")
        waiting = still_waiting
    return ordered


def wordpress_time(moment):
    """A time as WordPress's *_gmt columns hold it: UTC, to the second."""
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S")


def install_packages():
    missing = [package for package in PACKAGES if not package_installed(package)]
    if not missing:
        return
    print(f"Installing {' '.join(missing)}")
    environment = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update"], check=True, env=environment)
    subprocess.run(["apt-get", "install", "-y", *missing], check=True, env=environment)


def package_installed(package):
    result = subprocess.run(
        ["dpkg-query", "--show", "--showformat=${Status}", package], capture_output=True, text=True, check=False
    )
    return result.returncode == 0 and result.stdout.endswith(" installed")


def database_password():
    """The password the configuration file already holds (a second run keeps it), or a new one."""
    if WORDPRESS_CONFIG.exists():
        found = re.search(r"define\(\s*'DB_PASSWORD',\s*'([^'\\]*)'\s*\)", WORDPRESS_CONFIG.read_text())
        if found:
            return found.group(1)
    # Letters, digits, - and _ only: nothing to escape in PHP or SQL.
    return secrets.token_urlsafe(24)


def set_up_database(password, *, reset):
    statements = []
    if reset:
        print(f"Dropping the database {DATABASE_NAME}")
        statements.append(f"DROP DATABASE IF EXISTS {DATABASE_NAME};")
    statements += [
        f"CREATE DATABASE IF NOT EXISTS {DATABASE_NAME} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;",
        f"CREATE USER IF NOT EXISTS '{DATABASE_USER}'@'localhost' IDENTIFIED BY {quoted(password)};",
        # Again for a user that exists: it gets the password of the configuration file.
        f"ALTER USER '{DATABASE_USER}'@'localhost' IDENTIFIED BY {quoted(password)};",
        f"GRANT ALL PRIVILEGES ON {DATABASE_NAME}.* TO '{DATABASE_USER}'@'localhost';",
    ]
    # Through stdin, so that the password is not on a command line for `ps` to show.
    subprocess.run(["mysql", "--user=root"], input="\n".join(statements), text=True, check=True)


def quoted(text):
    """A single-quoted string literal for PHP and for MariaDB alike: both read \\\\ and \\' in one."""
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


def write_wordpress_config(password):
    # New salts only with a new file: changing them would sign out the administrator for nothing.
    salts = existing_salts() or {name: secrets.token_urlsafe(48) for name in SALT_NAMES}
    lines = [
        "<?php",
        "// Written by bench/wordpress_setup.py (newsportal): stock WordPress for the performance comparison.",
        "// Debian's /usr/share/wordpress/wp-config.php loads this file for the Host 127.0.0.1 (any port).",
        f"define('DB_NAME', {quoted(DATABASE_NAME)});",
        f"define('DB_USER', {quoted(DATABASE_USER)});",
        f"define('DB_PASSWORD', {quoted(password)});",
        "define('DB_HOST', 'localhost');",
        # As in wp-config-sample.php; WordPress upgrades utf8 to utf8mb4 on MariaDB.
        "define('DB_CHARSET', 'utf8');",
        "define('DB_COLLATE', '');",
        # So that WordPress run by the php CLI (no request to guess from) knows its own address.
        f"define('WP_HOME', {quoted(SITE_URL)});",
        f"define('WP_SITEURL', {quoted(SITE_URL)});",
        f"define('WP_CONTENT_DIR', {quoted(str(WORDPRESS_CONTENT_DIR))});",
        *(f"define({quoted(name)}, {quoted(value)});" for name, value in salts.items()),
        "$table_prefix = 'wp_';",
        "define('WP_DEBUG', false);",
        "",
    ]
    write_if_changed(WORDPRESS_CONFIG, "\n".join(lines))
    # It holds the database password: readable by root and by apache's PHP only.
    os.chown(WORDPRESS_CONFIG, 0, www_data_group())
    WORDPRESS_CONFIG.chmod(0o640)


SALT_NAMES = [
    "AUTH_KEY",
    "SECURE_AUTH_KEY",
    "LOGGED_IN_KEY",
    "NONCE_KEY",
    "AUTH_SALT",
    "SECURE_AUTH_SALT",
    "LOGGED_IN_SALT",
    "NONCE_SALT",
]


def existing_salts():
    if not WORDPRESS_CONFIG.exists():
        return None
    text = WORDPRESS_CONFIG.read_text()
    salts = {}
    for name in SALT_NAMES:
        found = re.search(rf"define\('{name}',\s*'([^'\\]*)'\)", text)
        if not found:
            return None
        salts[name] = found.group(1)
    return salts


def www_data_group():
    import grp

    return grp.getgrnam("www-data").gr_gid


APACHE_SITE_CONFIG = f"""\
# Written by bench/wordpress_setup.py (newsportal): stock WordPress for the performance comparison.
Listen {HOST}:{PORT}
# The main server's name too, which apache otherwise guesses from DNS, with a warning on every start.
ServerName {HOST}

<VirtualHost {HOST}:{PORT}>
    ServerName {HOST}
    DocumentRoot {WORDPRESS_DIR}
    DirectoryIndex index.php index.html
    # Debian keeps themes, plugins and uploads out of /usr/share (README.Debian).
    Alias /wp-content {WORDPRESS_CONTENT_DIR}

    ErrorLog ${{APACHE_LOG_DIR}}/{APACHE_SITE}-error.log
    CustomLog ${{APACHE_LOG_DIR}}/{APACHE_SITE}-access.log combined

    <Directory {WORDPRESS_DIR}>
        Options FollowSymLinks
        Require all granted
        # The .htaccess WordPress writes for pretty permalinks, here rather than in a file
        # read on every request (Debian's .htaccess is a link to /etc/wordpress/htaccess).
        AllowOverride None
        RewriteEngine On
        RewriteBase /
        RewriteRule ^index\\.php$ - [L]
        RewriteCond %{{REQUEST_FILENAME}} !-f
        RewriteCond %{{REQUEST_FILENAME}} !-d
        RewriteRule . /index.php [L]
    </Directory>
    <Directory {WORDPRESS_CONTENT_DIR}>
        Options FollowSymLinks
        Require all granted
    </Directory>
</VirtualHost>
"""


def configure_apache():
    changed = write_if_changed(APACHE_SITE_FILE, APACHE_SITE_CONFIG)
    # Only 127.0.0.1:8400: Debian's default site would also hold port 80 on every address of a shared machine.
    ports = APACHE_PORTS_FILE.read_text()
    without_port_80 = re.sub(
        r"^Listen 80$",
        "# Listen 80  (off: bench/wordpress_setup.py serves WordPress on 127.0.0.1:8400 only)",
        ports,
        flags=re.MULTILINE,
    )
    changed |= write_if_changed(APACHE_PORTS_FILE, without_port_80)
    if Path("/etc/apache2/sites-enabled/000-default.conf").exists():
        subprocess.run(["a2dissite", "-q", "000-default"], check=True)
        changed = True
    if not Path(f"/etc/apache2/sites-enabled/{APACHE_SITE}.conf").exists():
        subprocess.run(["a2ensite", "-q", APACHE_SITE], check=True)
        changed = True
    if not Path("/etc/apache2/mods-enabled/rewrite.load").exists():
        subprocess.run(["a2enmod", "-q", "rewrite"], check=True)
        changed = True
    subprocess.run(["apache2ctl", "configtest"], check=True, capture_output=True)

    running_niceness = apache_niceness()
    if running_niceness not in (None, 0):
        # Started by an earlier run under `nice`: WordPress would be measured at a lower priority than wrk.
        print(f"Apache runs at niceness {running_niceness}: restarting it at 0")
        subprocess.run(["apache2ctl", "stop"], check=True)
        wait_for_apache_exit()
        running_niceness = None
    if running_niceness is None:
        print(f"Starting apache on {HOST}:{PORT}")
        subprocess.run(["apache2ctl", "start"], check=True, preexec_fn=normal_priority)
    elif changed:
        print("Apache's configuration changed: graceful restart")
        subprocess.run(["apache2ctl", "graceful"], check=True)
    wait_for_port()


def apache_niceness():
    """The niceness of apache's main process (its workers inherit it), or None when it is not running."""
    try:
        pid = int(APACHE_PID_FILE.read_text().strip())
        # /proc/<pid>/stat: the fields after the command's closing parenthesis; niceness is the 17th of them.
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (FileNotFoundError, ValueError):
        return None
    return int(fields[16])


def wait_for_apache_exit(seconds=20):
    deadline = time.monotonic() + seconds
    while apache_niceness() is not None:
        if time.monotonic() > deadline:
            sys.exit("Apache did not stop.")
        time.sleep(0.2)


def normal_priority():
    """Apache at niceness 0 even when this script runs under `nice`, so that it competes with wrk as equals."""
    os.setpriority(os.PRIO_PROCESS, 0, 0)


def wait_for_port(seconds=20):
    import socket

    deadline = time.monotonic() + seconds
    while True:
        try:
            with socket.create_connection((HOST, PORT), timeout=1):
                return
        except OSError:
            if time.monotonic() > deadline:
                sys.exit(f"Apache does not answer on {HOST}:{PORT}; see /var/log/apache2/error.log.")
            time.sleep(0.2)


def write_if_changed(path, text):
    if path.exists() and path.read_text() == text:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return True


def wordpress_install_data():
    return {
        "blog_title": "Stock WordPress (newsportal benchmark)",
        "admin_login": "admin",
        "admin_email": "admin@wordpress-bench.invalid",
        # Nobody needs to sign in for the benchmark; a new admin password is neither kept nor shown.
        "admin_password": secrets.token_urlsafe(24),
    }


def run_php(source, data, *, timeout=120):
    """Run PHP `source` with `data` as JSON; return the JSON it reports on its last line."""
    with tempfile.TemporaryDirectory(prefix="wordpress-setup-") as folder:
        script = Path(folder) / "script.php"
        script.write_text(source)
        data_file = Path(folder) / "data.json"
        data_file.write_text(
            json.dumps({"http_host": HTTP_HOST, "wordpress_dir": str(WORDPRESS_DIR), "permalinks": PERMALINKS, **data})
        )
        result = subprocess.run(
            ["php", str(script), str(data_file)], capture_output=True, text=True, timeout=timeout, check=False
        )
    if result.returncode != 0:
        sys.exit(f"PHP failed ({result.returncode}):\n{result.stdout[-4000:]}\n{result.stderr[-4000:]}")
    lines = [line for line in result.stdout.splitlines() if line.strip()]
    try:
        return json.loads(lines[-1])
    except (IndexError, json.JSONDecodeError):
        sys.exit(f"PHP did not report its result:\n{result.stdout[-4000:]}\n{result.stderr[-4000:]}")


def check_settings(settings):
    if not settings["theme_exists"]:
        sys.exit(f"WordPress's theme {settings['theme']} is not installed (Debian package wordpress-theme-*).")
    if settings["permalinks"] != PERMALINKS:
        sys.exit(f"Permalinks are {settings['permalinks']!r}, not {PERMALINKS!r}.")
    if settings["active_plugins"]:
        print(f"Warning: plugins are active, so this is not stock WordPress: {settings['active_plugins']}")
    if settings["page_comments_was"]:
        print("Comments were broken into pages; switched that off.")
    print(
        f"Theme {settings['theme_name']} {settings['theme_version']}"
        f" ({'block' if settings['block_theme'] else 'classic'} theme), permalinks {settings['permalinks']},"
        f" threaded comments {'on' if settings['thread_comments'] else 'off'}"
        f" ({settings['thread_comments_depth']} levels), avatars {'on' if settings['show_avatars'] else 'off'},"
        f" PHP opcache in apache {'on' if opcache_in_apache() else 'off'}"
    )


def opcache_in_apache():
    return any(Path("/etc/php").glob("*/apache2/conf.d/*opcache.ini"))


def check_page(url, article, imported):
    """One request, as wrk will make it: the article, its title and every approved comment on the page."""
    if imported["url"] != url:
        sys.exit(f"WordPress gives the article the address {imported['url']}, not {url}.")
    request_started = time.monotonic()
    with urllib.request.urlopen(url, timeout=60) as response:
        status, final_url, page = response.status, response.geturl(), response.read()
    seconds = time.monotonic() - request_started
    text = page.decode("utf-8")
    shown_ids = [int(number) for number in re.findall(r'<li id="comment-(\d+)"', text)]
    expected_ids = imported["comment_ids"]
    print(
        f"GET {url}: {status}, {len(page):,} bytes in {seconds * 1000:.0f} ms,"
        f" {len(shown_ids)} comments shown of {len(expected_ids)} approved"
    )
    problems = []
    if status != 200 or final_url != url:
        problems.append(f"answered {status} at {final_url}")
    if imported["title_html"] not in text and article["title"] not in html.unescape(text):
        problems.append("the title is not on the page")
    if sorted(shown_ids) != sorted(expected_ids):
        missing = sorted(set(expected_ids) - set(shown_ids))
        problems.append(f"{len(shown_ids)} comments shown, not {len(expected_ids)} (missing ids: {missing[:10]})")
    if problems:
        sys.exit("The WordPress page is not the article: " + "; ".join(problems))


if __name__ == "__main__":
    main()
