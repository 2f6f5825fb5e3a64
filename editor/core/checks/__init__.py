"""Pre-publish checks and their one-click repairs (no Qt): the engine behind
``post-editor check``, the window's Checks panel and the post list's marks.

Rules live by family (``text``, ``front_matter``, ``links``); ``engine`` runs them with a
``SiteContext`` and applies fixes through ``PostDocument``; ``report`` writes them out.
"""

from editor.core.checks.engine import (
    SiteContext,
    apply_fix,
    apply_safe_fixes,
    check_document,
    check_file,
    check_site,
    fix_applies,
    fixed_text,
)
from editor.core.checks.model import ERROR, INFO, RULES, WARNING, Finding, Fix, LineEdit

__all__ = [
    "ERROR",
    "INFO",
    "RULES",
    "WARNING",
    "Finding",
    "Fix",
    "LineEdit",
    "SiteContext",
    "apply_fix",
    "apply_safe_fixes",
    "check_document",
    "check_file",
    "check_site",
    "fix_applies",
    "fixed_text",
]
