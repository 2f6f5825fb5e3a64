"""Small value types shared by the front-matter modules (errors, warnings)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FrontMatterError:
    """Front matter that is present but unusable; line and column are 1-based file positions."""

    message: str
    line: int | None = None
    column: int | None = None


@dataclass(frozen=True)
class FrontMatterWarning:
    """A trap in the front matter as typed (YAML 1.1 booleans, comments, duplicate keys…)."""

    key: str | None
    message: str


class FrontMatterEditError(ValueError):
    """An edit was refused; the document is unchanged and the message says why."""


@dataclass(frozen=True)
class ParseProblem:
    """A parse failure located by character offset inside the front-matter text."""

    message: str
    index: int | None = None
