"""The `maillage` console script: verbs grouped by domain over Django management commands.

`maillage opendata load geo` runs the management command `opendata_load geo`;
`maillage search "cyber Caen"` runs `search`. The first two words are tried as
`<group>_<verb>` (dashes become underscores) before the first word alone.
"""

from __future__ import annotations

import os
import sys


def resolve(argv: list[str], available: set[str]) -> list[str] | None:
    """Map CLI words to a management command argv, or None when nothing matches."""
    if not argv:
        return None
    if len(argv) >= 2:
        joined = f"{argv[0]}_{argv[1]}".replace("-", "_")
        if joined in available:
            return [joined, *argv[2:]]
    first = argv[0].replace("-", "_")
    if first in available:
        return [first, *argv[1:]]
    return None


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    args = list(sys.argv[1:] if argv is None else argv)
    import django
    from django.core.management import execute_from_command_line, get_commands

    django.setup()
    if args and args[0] == "serve":
        # `maillage serve [ADDR]` is the development server on 127.0.0.1:8000 by default.
        args = ["runserver", *(args[1:] or ["127.0.0.1:8000"])]
    commands = set(get_commands())
    if not args or args[0] in {"-h", "--help", "help"}:
        ours = sorted(c for c in commands if c.split("_")[0] in _GROUPS)
        print("usage: maillage <group> <verb> [options]\n\ncommands:")
        for name in ours:
            print("  " + name.replace("_", " ", 1).replace("_", "-"))
        print("  serve [ADDR]   (development server, 127.0.0.1:8000 by default)")
        print("\nany Django management command also works (maillage migrate, maillage shell…)")
        return
    resolved = resolve(args, commands)
    if resolved is None:
        print(
            f"maillage: unknown command {' '.join(args[:2])!r} (see 'maillage --help')",
            file=sys.stderr,
        )
        sys.exit(2)
    execute_from_command_line(["maillage", *resolved])


_GROUPS = {
    "opendata",
    "directory",
    "index",
    "search",
    "demo",
    "backup",
    "restore",
    "match",
    "need",
    "funding",
    "observatory",
    "training",
    "jobs",
}
