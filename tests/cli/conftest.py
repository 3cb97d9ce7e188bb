"""The `run` fixture of test_cli, for every CLI test module."""

from tests.cli.test_cli import run  # noqa: F401
