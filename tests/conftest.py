def pytest_addoption(parser):
    parser.addoption(
        "--screenshots-dir",
        default=None,
        help="save the browser tests' screenshots of the main pages in this folder (see `make screenshots`)",
    )
