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
    assert states == {
        "New post": "published",
        "Old post": "published",
        "An idea": "draft",
        "broken": "error",
    }


def test_filter_and_activation(qtbot):
    posts = PostList()
    qtbot.addWidget(posts)
    posts.set_entries(ENTRIES)
    qtbot.keyClicks(posts.filter_edit, "IDEA")
    assert posts.row_count() == 1
    with qtbot.waitSignal(posts.postActivated) as signal:
        posts.view.clicked.emit(posts.view.model().index(0, 1))
    assert signal.args == ["/s/_drafts/idea.md"]


def indexed(name: str, title: str, when: str, state: str = "published", tags=(), cats=()):
    from editor.core.site.index import IndexedPost

    return IndexedPost(
        f"/s/_posts/{name}", title, when, state, tuple(tags), tuple(cats), "", 0, "", 0, 0
    )


POSTS = [
    indexed("a.md", "Alpha &amp; co", "2021-01-01", tags=["python", "web"]),
    indexed("b.md", "Beta", "2023-05-01", tags=["web"], cats=["notes"]),
    indexed("c.md", "Gamma", "", "draft"),
    indexed("d.md", "Delta", "2030-01-01", "future", tags=["python"]),
]


def test_sort_by_any_column_keeps_undated_last(qtbot):
    from PySide6.QtCore import Qt

    posts = PostList()
    qtbot.addWidget(posts)
    posts.set_posts(POSTS)
    assert [p.name for p in posts.paths()] == ["d.md", "b.md", "a.md", "c.md"]
    posts.view.sortByColumn(1, Qt.SortOrder.AscendingOrder)
    assert [p.name for p in posts.paths()] == ["a.md", "b.md", "d.md", "c.md"]
    posts.view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    assert [p.name for p in posts.paths()] == ["a.md", "b.md", "d.md", "c.md"]
    posts.view.sortByColumn(2, Qt.SortOrder.AscendingOrder)
    assert next(p.name for p in posts.paths()) == "c.md"


def test_filters_by_text_tag_and_state_with_counts(qtbot):
    posts = PostList()
    qtbot.addWidget(posts)
    posts.set_posts(POSTS)
    assert posts.count_label.text() == "4 posts"
    qtbot.keyClicks(posts.filter_edit, "python")  # a tag matches the text filter too
    assert sorted(p.name for p in posts.paths()) == ["a.md", "d.md"]
    assert posts.count_label.text() == "2 of 4 posts"
    posts.filter_edit.clear()
    qtbot.keyClicks(posts.filter_edit, "d.md")  # and the file name
    assert [p.name for p in posts.paths()] == ["d.md"]
    posts.filter_edit.clear()
    labels = [posts.terms.item(r).text() for r in range(posts.terms.count())]
    assert labels == ["All posts (4)", "▸ notes (1)", "# python (2)", "# web (2)"]
    posts.filter_by_term("tags", "web")
    assert sorted(p.name for p in posts.paths()) == ["a.md", "b.md"]
    posts.filter_by_term("tags", None)
    posts.state_box.setCurrentIndex(posts.state_box.findData("draft"))
    assert [p.name for p in posts.paths()] == ["c.md"]


def test_rows_arrive_in_batches_where_they_sort(qtbot):
    posts = PostList()
    qtbot.addWidget(posts)
    posts.set_posts(POSTS[:2])
    posts.apply_changes([POSTS[3], indexed("a.md", "Alpha 2", "2025-01-01")], [])
    assert [p.name for p in posts.paths()] == ["d.md", "a.md", "b.md"]
    assert posts.view.model().index(1, 0).data() == "Alpha 2"
    posts.apply_changes([], ["/s/_posts/b.md"])
    assert [p.name for p in posts.paths()] == ["d.md", "a.md"]


def test_set_status_marks_a_row_with_icon_and_tooltip(qtbot):
    from PySide6.QtCore import Qt

    posts = PostList()
    qtbot.addWidget(posts)
    posts.set_posts(POSTS)
    posts.set_status("/s/_posts/b.md", "error", "Missing image")
    model = posts.view.model()
    row = [p.name for p in posts.paths()].index("b.md")
    assert model.index(row, 0).data(Qt.ItemDataRole.DecorationRole) is not None
    assert "Missing image" in model.index(row, 0).data(Qt.ItemDataRole.ToolTipRole)
    posts.set_status("/s/_posts/b.md", None)
    assert model.index(row, 0).data(Qt.ItemDataRole.DecorationRole).isNull()


def test_context_menu_offers_publish_for_drafts_only(qtbot):
    posts = PostList()
    qtbot.addWidget(posts)
    posts.set_posts(POSTS)
    menu = posts.context_menu("/s/_posts/c.md")
    actions = {a.objectName(): a for a in menu.actions()}
    assert actions["action:publishFromList"].isEnabled()
    assert not actions["action:unpublishFromList"].isEnabled()
    with qtbot.waitSignal(posts.publishRequested) as signal:
        actions["action:publishFromList"].trigger()
    assert signal.args == ["/s/_posts/c.md"]


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


def test_a_big_batch_sorts_in_and_the_selection_follows_its_post(qtbot):
    posts = PostList()
    qtbot.addWidget(posts)
    posts.set_posts(POSTS)
    posts.select_path(Path("/s/_posts/a.md"))
    batch = [indexed(f"n{i:02d}.md", f"New {i}", f"2022-01-{i + 1:02d}") for i in range(25)]
    posts.apply_changes(batch, [])
    names = [p.name for p in posts.paths()]
    assert len(names) == 29
    assert names[:3] == ["d.md", "b.md", "n24.md"] and names[-2:] == ["a.md", "c.md"]
    assert posts.current_path() == "/s/_posts/a.md"


def test_a_narrow_list_gives_the_title_its_room(qtbot):
    """The list pane is narrow by default: the title must stay readable (the other columns
    give way first), and a wider pane shows every column again."""
    posts = PostList()
    qtbot.addWidget(posts)
    posts.set_entries(ENTRIES)
    posts.resize(300, 400)
    posts.show()
    qtbot.waitExposed(posts)
    view = posts.view
    assert view.columnWidth(0) >= view.viewport().width() // 2
    assert view.isColumnHidden(3) and view.isColumnHidden(2)
    posts.resize(800, 400)
    qtbot.waitUntil(lambda: not view.isColumnHidden(3))
    assert not view.isColumnHidden(2)
    assert view.columnWidth(0) >= 200


def many(count: int, prefix: str = "p"):
    """Posts dated one day apart (newest has the highest number), tags alternating."""
    from datetime import date, timedelta

    start = date(2000, 1, 1)
    return [
        indexed(
            f"{prefix}{n:05d}.md",
            f"Post {n:05d}",
            (start + timedelta(days=n)).isoformat(),
            "draft" if n % 10 == 0 else "published",
            tags=["even"] if n % 2 == 0 else ["odd"],
        )
        for n in range(count)
    ]


def test_a_large_site_arrives_in_slices_from_the_event_loop(qtbot):
    from editor.ui.post_table_model import SLICE

    posts = PostList()
    qtbot.addWidget(posts)
    rows = many(2000)
    posts.set_posts(rows)
    shown_at_once = posts.row_count()
    # No reset with every row at once (how many come at once depends on the time budget:
    # ordering 2,000 posts may take this whole turn on a busy machine).
    assert shown_at_once < len(rows)
    assert posts.model.pending() == len(rows) - shown_at_once
    settled: list[int] = []
    posts.model.rowsSettled.connect(lambda: settled.append(posts.row_count()))
    qtbot.waitUntil(lambda: posts.row_count() == len(rows), timeout=10_000)
    assert len(settled) > 1 and settled == sorted(settled)
    assert len(rows) > SLICE  # each turn adds whole slices while its time budget lasts
    names = [p.name for p in posts.paths()]
    assert names == [f"p{n:05d}.md" for n in reversed(range(2000))]  # newest first
    assert posts.count_label.text() == "2,000 posts"


def test_the_open_post_stays_selected_while_rows_arrive(qtbot):
    posts = PostList()
    qtbot.addWidget(posts)
    rows = many(1500)
    oldest = rows[3].path  # sorts near the end: it arrives in one of the last slices
    posts.select_path(Path(oldest))
    posts.set_posts(rows)
    assert posts.current_path() is None  # not there yet: no other post is current meanwhile
    qtbot.waitUntil(lambda: posts.row_count() == len(rows), timeout=10_000)
    assert posts.current_path() == oldest
    # A batch from the index while the list fills keeps it too.
    posts.apply_changes(many(300, prefix="q"), [rows[0].path])
    posts.flush()
    assert posts.current_path() == oldest
    assert posts.row_count() == 1500 + 300 - 1


def test_sorting_a_large_list_keeps_order_and_the_current_post(qtbot):
    from PySide6.QtCore import Qt

    posts = PostList()
    qtbot.addWidget(posts)
    rows = many(800)
    posts.set_posts(rows)
    posts.flush()
    posts.select_path(Path(rows[400].path))
    posts.select_path(None)  # the window closed the post; the user picks one
    posts.view.setCurrentIndex(posts.model.index(10, 0))
    picked = posts.current_path()
    posts.view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    qtbot.waitUntil(lambda: posts.model.pending() == 0, timeout=10_000)
    titles = [p.title for p in posts.model.shown()]
    assert titles == sorted(titles, key=str.casefold)
    assert posts.current_path() == picked
    posts.view.sortByColumn(1, Qt.SortOrder.AscendingOrder)
    posts.flush()
    dates = [p.date for p in posts.model.shown()]
    assert dates == sorted(dates)
    # Rows that arrive after a sort go where they sort.
    posts.apply_changes([indexed("zz.md", "Aardvark", "1999-01-01")], [])
    assert posts.paths()[0].name == "zz.md"


def test_filters_count_over_every_post_while_showing_some(qtbot):
    posts = PostList()
    qtbot.addWidget(posts)
    posts.set_posts(many(1000))
    posts.flush()
    posts.filter_by_term("tags", "odd")
    posts.flush()
    assert posts.row_count() == 500
    assert posts.count_label.text() == "500 of 1,000 posts"
    posts.state_box.setCurrentIndex(posts.state_box.findData("draft"))
    posts.flush()
    assert posts.row_count() == 0  # drafts are every tenth post: all even
    posts.filter_by_term("tags", "even")
    posts.flush()
    assert posts.row_count() == 100
    assert posts.count_label.text() == "100 of 1,000 posts"
    qtbot.keyClicks(posts.filter_edit, "post 0012")
    posts.flush()
    assert [p.name for p in posts.paths()] == ["p00120.md"]  # the one draft of 120-129
    qtbot.waitUntil(lambda: posts.terms.item(0).text() == "All posts (1000)")
    labels = [posts.terms.item(r).text() for r in range(posts.terms.count())]
    assert "# even (500)" in labels and "# odd (500)" in labels
    # A post changed by the index moves out of the filter and its count follows.
    changed = many(1000)[120]
    posts.apply_changes(
        [indexed(changed.path.rsplit("/", 1)[1], changed.title, changed.date, "published")], []
    )
    assert posts.row_count() == 0
    assert posts.count_label.text() == "0 of 1,000 posts"


def test_a_rows_tooltip_shows_over_every_column(qtbot):
    posts = PostList()
    qtbot.addWidget(posts)
    posts.resize(800, 400)
    posts.set_posts(POSTS)
    posts.show()
    qtbot.waitExposed(posts)
    posts.set_status("/s/_posts/b.md", "warning", "Missing alt text")
    row = posts.model.row_of("/s/_posts/b.md")
    for column in range(4):
        point = posts.view.visualRect(posts.model.index(row, column)).center()
        tip = posts.view.tooltip_at(point)
        assert tip is not None and "Beta" in tip and "Missing alt text" in tip


def test_rows_of_a_previous_site_go_in_slices_and_are_not_counted(qtbot):
    posts = PostList()
    qtbot.addWidget(posts)
    posts.set_posts(many(3000))
    posts.flush()
    posts.set_posts(POSTS)  # another site: 3,000 rows to remove (in slices), 4 to show
    assert posts.row_count() <= len(POSTS)  # old rows still going are never counted
    qtbot.waitUntil(lambda: posts.model.pending() == 0, timeout=10_000)
    assert posts.model.rowCount() == len(POSTS) == posts.row_count()
    assert sorted(p.name for p in posts.paths()) == ["a.md", "b.md", "c.md", "d.md"]
    assert posts.count_label.text() == "4 posts"
