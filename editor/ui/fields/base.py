"""What every field editor shares: its context, its object name and its contract.

The form validates and writes; editors never touch the document (see ``FieldEditor``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

from PySide6.QtCore import SignalInstance

from editor.core.site import schema as sch


@dataclass
class FieldContext:
    """Everything an editor may need to know besides its value."""

    path: tuple[str, ...]
    spec: sch.FieldSpec
    kind: str
    site: Any = None
    raw: str | None = None
    doc_format: str | None = "yaml"
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def dotted(self) -> str:
        """The dotted key (``header.image``), as used in object names and the schema."""
        return ".".join(self.path)


@runtime_checkable
class FieldEditor(Protocol):
    """The contract between the form and each field's editor widget.

    ``committed`` (the writer changed the value; the payload is the new Python value) and
    ``problem`` (what was typed cannot be a value) are the editor's only outputs.
    """

    committed: SignalInstance
    problem: SignalInstance

    def set_value(self, value: Any, raw: str | None) -> None:
        """Show a value without emitting anything: displaying a post must never edit it."""

    def set_read_only(self, read_only: bool) -> None:
        """Lock the editor (a value the form cannot write back safely)."""


def object_name(path: tuple[str, ...]) -> str:
    """``field:<key>`` (nested: ``field:header.image``), stable for tests and automation."""
    return "field:" + ".".join(path)
