"""The command line: argument parsing, output and exit codes only (app: the commands;
workflow: the agreement process's commands)."""

from __future__ import annotations

from tafelselectie.cli.app import entry, main

__all__ = ["entry", "main"]
