# SPDX-License-Identifier: MIT
# Copyright (c) 2026 The belay authors
"""What belay's test harnesses share: the verdict exit codes, what counts
as a CI run, and an argument parser whose errors are harness errors
(docs/testing.md, "Verdicts")."""

import argparse
import os
import sys

EXIT_PASS, EXIT_FAIL, EXIT_SKIP, EXIT_ERROR = 0, 1, 77, 99


def under_ci(env=None):
    """True when the environment says this is a CI run (CI=true)."""
    return (env if env is not None else os.environ).get("CI", "").lower() in ("true", "1", "yes")


class ArgParser(argparse.ArgumentParser):
    """Bad arguments are a harness error (99), not argparse's 2: `on_error`
    reports the message and exits 99."""

    def __init__(self, *args, on_error, **kwargs):
        kwargs.setdefault("formatter_class", argparse.RawDescriptionHelpFormatter)
        super().__init__(*args, **kwargs)
        self._on_error = on_error

    def error(self, message):
        self.print_usage(sys.stderr)
        self._on_error(message)
        sys.exit(EXIT_ERROR)
