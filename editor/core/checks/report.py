"""How findings are written out: ``FILE:LINE: severity: message [rule]`` lines, or JSON."""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from pathlib import Path

from editor.core.checks.model import ERROR, Finding
from editor.core.wording import count_of


def shown_path(path: Path | None, base: Path | None = None) -> str:
    """A path as the writer typed it or relative to the current folder when that is shorter."""
    if path is None:
        return "untitled"
    base = base or Path.cwd()
    try:
        rel = os.path.relpath(path, base)
    except ValueError:
        return str(path)
    return rel if not rel.startswith("../..") else str(path)


def format_line(finding: Finding, base: Path | None = None) -> str:
    return (
        f"{shown_path(finding.path, base)}:{finding.line}: {finding.severity}: "
        f"{finding.message} [{finding.rule}]"
    )


def to_json(findings: Iterable[Finding], base: Path | None = None) -> str:
    items = [f.to_json(shown_path(f.path, base)) for f in findings]
    return json.dumps(items, ensure_ascii=False, indent=2)


def has_errors(findings: Iterable[Finding]) -> bool:
    return any(f.severity == ERROR for f in findings)


def summary(findings: list[Finding]) -> str:
    """``2 errors, 1 warning, 0 notes`` for a status line."""
    counts = {s: sum(1 for f in findings if f.severity == s) for s in ("error", "warning", "info")}

    return ", ".join(
        (
            count_of(counts["error"], "error"),
            count_of(counts["warning"], "warning"),
            count_of(counts["info"], "note"),
        )
    )
