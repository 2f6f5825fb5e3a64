"""YAML 1.1 traps: plain values that read back differently from how they look.

PyYAML (and Jekyll's Psych) read ``no`` and ``on`` as booleans, ``0755`` as 493, ``1:20`` as 80,
``1.10`` as 1.1, and cut ``Hash #1`` at the comment. The writer sees one thing, the site
another; the form and the raw view explain the trap where it appears.
"""

from __future__ import annotations

import re

import yaml

_BOOL_WORDS = {"yes", "no", "on", "off", "y", "n"}
_OCTAL = re.compile(r"^[-+]?0[0-7_]+$")
_SEXAGESIMAL = re.compile(r"^[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+(\.[0-9_]*)?$")
_TRAILING_ZERO_FLOAT = re.compile(r"^[-+]?[0-9][0-9_]*\.[0-9_]*0$")


def yaml_trap(text: str) -> str | None:
    """Explain how YAML 1.1 misreads a plain value as typed (``no``, ``0755``, ``a #b``…).

    The writer sees what they typed; PyYAML and Jekyll see something else. None when the value
    reads back as it looks (quoted values never trap).
    """
    typed = text.strip()
    if not typed or typed[0] in "'\"[{|>&*!":
        return None
    if typed.lower() in _BOOL_WORDS:
        reading = "true" if typed.lower() in ("yes", "on", "y") else "false"
        if typed.lower() in ("y", "n"):
            return None
        return f"YAML 1.1 reads {typed} as the boolean {reading}; quote it to keep the word."
    if _OCTAL.match(typed):
        number = int(typed.replace("_", ""), 8)
        return f"YAML 1.1 reads {typed} as the octal number {number}; quote it to keep the text."
    if _SEXAGESIMAL.match(typed):
        try:
            loaded = yaml.safe_load(typed)
        except yaml.YAMLError:
            return None
        if not isinstance(loaded, str):
            return f"YAML 1.1 reads {typed} as the number {loaded} (base 60); quote it."
    if _TRAILING_ZERO_FLOAT.match(typed) and repr(float(typed.replace("_", ""))) != typed:
        return f"YAML reads {typed} as the number {float(typed.replace('_', ''))}; quote it."
    comment = re.search(r"\s#", typed)
    if comment is not None:
        kept = typed[: comment.start()].rstrip()
        return f"Everything after ' #' is a comment: YAML reads only {kept!r}; quote the value."
    return None
