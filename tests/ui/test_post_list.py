from datetime import date
from pathlib import Path

from editor.core.site import PostEntry
from editor.ui.post_list import PostList

ENTRIES = [
    PostEntry(Path("/s/_posts/2020-01-01-old.md"), "Old post", date(2020, 1, 1), False),
    PostEntry(Path("/s/_posts/2024-01-01-new.md"), "New post", date(2024, 1, 1), False),
    PostEntry(Path("/s/_drafts/idea.md"), "An idea", None, True),
    PostEntry(Path("/s/_posts/broken.md"), "broken", None, False, error="bad YAML"),
]


def test_rows_are_newest_first_with_state(qtbot):
    posts = PostList()
    qtbot.addWidget(posts)
    posts.set_entries(ENTRIES)
    assert [p.name for p in posts.paths()][:2] == ["2024-01-01-new.md", "2020-01-01-old.md"]
    model = posts.view.model()
    states = {model.index(r, 0).data(): model.index(r, 2).data() for r in range(4)}
    assert states == {"New post": "", "Old post": "", "An idea": "draft", "broken": "error"}


def test_filter_and_activation(qtbot):
    posts = PostList()
    qtbot.addWidget(posts)
    posts.set_entries(ENTRIES)
    qtbot.keyClicks(posts.filter_edit, "IDEA")
    assert posts.row_count() == 1
    with qtbot.waitSignal(posts.postActivated) as signal:
        posts.view.clicked.emit(posts.view.model().index(0, 1))
    assert signal.args == ["/s/_drafts/idea.md"]


def test_set_status_marks_and_clears_a_row(qtbot, tmp_path):
    from PySide6.QtCore import Qt

    from editor.core.site import PostEntry
    from editor.ui.post_list import PostList

    posts = PostList()
    qtbot.addWidget(posts)
    path = tmp_path / "a.md"
    posts.set_entries([PostEntry(path, "A", None, False)])
    index = posts.view.model().index(0, 0)
    posts.set_status(path, "error", "Line 3: the image is missing")
    assert not index.data(Qt.ItemDataRole.DecorationRole).isNull()
    assert index.data(Qt.ItemDataRole.ToolTipRole).endswith("Line 3: the image is missing")
    posts.set_status(path, None, "")
    assert index.data(Qt.ItemDataRole.DecorationRole).isNull()
    assert "image" not in index.data(Qt.ItemDataRole.ToolTipRole)
