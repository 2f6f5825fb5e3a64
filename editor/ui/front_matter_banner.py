"""What the front-matter form says above its fields: no post, no front matter yet, front
matter that does not parse, or more fields than the form shows (then the Raw tab edits it)."""

from __future__ import annotations

# One row per key costs ~5 ms to build (500 keys: 2.3 s, 2,000 keys: 40 s, measured); above
# this many fields the front matter is edited in the Raw tab, and the form says why.
MAX_FORM_FIELDS = 250


def banner_texts(error: str | None, too_many: int, *, has_rows: bool) -> tuple[str | None, str]:
    """The empty label's text (None: keep it) and the banner's ("" hides it).

    ``error``: None when no post is open, "" when its front matter parses, else the message.
    """
    if error is None:
        return "No post is open.", ""
    if error:
        empty: str | None = "The form is read-only until the front matter parses."
    elif too_many:
        empty = (
            f"This front matter has {too_many:,} fields, more than the form shows "
            f"({MAX_FORM_FIELDS}): edit it in the Raw tab."
        )
    elif not has_rows:
        empty = "This post has no front matter yet: add a field below."
    else:
        empty = None
    if error:
        return empty, (
            f"The front matter cannot be read: {error}. The fields are "
            "read-only until it is fixed in the Raw tab; nothing has been changed."
            + (
                f" It has {too_many:,} fields, too many for the form (it shows up "
                f"to {MAX_FORM_FIELDS}), so it is shown in the Raw tab."
                if too_many
                else ""
            )
        )
    if too_many:
        return empty, (
            f"This front matter has {too_many:,} fields, too many for the form "
            f"(it shows up to {MAX_FORM_FIELDS}), so it is shown in the Raw tab, where "
            "every key can be edited."
        )
    return empty, ""
