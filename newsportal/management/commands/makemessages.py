"""Django's makemessages with the site's own defaults (docs/languages.md).

`manage.py makemessages -l es -l fr -l ar --no-obsolete` then gathers the strings
of the code only: not those of the tests, benchmarks, installed packages or
collected files. Locations are written per file, without line numbers, so that
two branches that change the same file do not both rewrite its every entry.
"""

from django.core.management.commands import makemessages

# Folders that hold no string a reader or an editor sees.
IGNORED = [
    "node_modules",
    "staticfiles",
    "media",
    "bench",
    "docs",
    "tests",
    "*/tests",
    "test-results",
    "var",
]


class Command(makemessages.Command):
    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--gather-into",
            metavar="FOLDER",
            help="Only write the code's strings into FOLDER/<domain>.pot; locale/ is left alone (the tests' check).",
        )

    def handle(self, *args, **options):
        self.gather_into = options.get("gather_into")
        if self.gather_into:
            options.update(all=True, keep_pot=True, locale=[], exclude=[])
        options["ignore_patterns"] = [*options.get("ignore_patterns", []), *IGNORED]
        if options.get("add_location") is None:
            options["add_location"] = "file"
        return super().handle(*args, **options)

    def find_files(self, root):
        files = super().find_files(root)
        if self.gather_into:
            # Every file's strings into the one template, and no catalogue beside it to update.
            self.locale_paths = [self.gather_into]
            self.default_locale_path = self.gather_into
            for translatable in files:
                translatable.locale_dir = self.gather_into
        return files
