"""The ``rantai`` console script: one entry point for every operator task.

``rantai COMMAND …`` runs the Django management command of that name, with a few friendlier names:
``rantai worker`` is the background-job worker, ``rantai run`` sets up and serves with its worker.
``rantai help`` lists every command.
"""

from __future__ import annotations

import os
import sys

ALIASES = {
    "worker": "db_worker",
    "help": "help",
}


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rantai.settings")
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] in ALIASES:
        args[0] = ALIASES[args[0]]
    from django.core.management import execute_from_command_line

    execute_from_command_line(["rantai", *args])


if __name__ == "__main__":
    main()
