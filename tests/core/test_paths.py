"""Where files go: free names for new files."""

from __future__ import annotations

from pathlib import Path

from editor.core.paths import free_path


def test_free_path_skips_taken_names_and_dangling_links(tmp_path: Path) -> None:
    target = tmp_path / "photo.jpg"
    assert free_path(target) == target
    target.write_bytes(b"x")
    (tmp_path / "photo-2.jpg").symlink_to(tmp_path / "gone")
    assert free_path(target) == tmp_path / "photo-3.jpg"
