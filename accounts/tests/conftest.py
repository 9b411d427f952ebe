from articles.tests.conftest import editor, media_root, other_writer, writer  # noqa: F401
