"""The site as a workspace, in the window: quick open, search, publish, rename on title change,
tags across posts."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt

from editor.ui import messages

WALK = "_posts/2024-05-18-a-walk-in-the-hills.md"
IDEAS = "_drafts/ideas-for-next-month.md"


def open_site(qtbot, window, site: Path) -> None:
    assert window.open_path(site)
    qtbot.waitUntil(lambda: len(window.post_list.paths()) == 4)
    qtbot.waitUntil(lambda: not window.indexer.busy)


def test_quick_open_ranks_and_opens_on_enter(qtbot, window, sample_site: Path):
    open_site(qtbot, window, sample_site)
    window.commands.quick_open.trigger()
    dialog = window.findChild(type(window.workspace.quick_open), "quickOpen")
    assert dialog is not None and dialog.isVisible()
    qtbot.keyClicks(dialog.query, "wlk hil")
    assert Path(dialog.shown_paths()[0]).name == "2024-05-18-a-walk-in-the-hills.md"
    dialog.query.clear()
    qtbot.keyClicks(dialog.query, "notes")
    assert Path(dialog.shown_paths()[0]).name == "2023-11-02-notes-on-code.markdown"
    qtbot.keyClick(dialog.query, Qt.Key.Key_Return)
    assert not dialog.isVisible()
    assert window.session.post.path.name == "2023-11-02-notes-on-code.markdown"


def test_site_search_hit_opens_the_post_at_its_line(qtbot, window, sample_site: Path):
    open_site(qtbot, window, sample_site)
    window.commands.site_search.trigger()
    search = window.workspace.site_search
    assert search.objectName() == "siteSearch" and search.isVisible()
    qtbot.keyClicks(search.query, "autumn light")
    search.run_search()
    assert [(Path(h.path).name, h.line) for h in search.hits] == [(Path(IDEAS).name, 6)]
    label = search.results.itemWidget(search.results.item(0))
    assert "<b" in label.text() and "autumn" in label.text()
    search.choose(0)
    assert window.session.post.path.name == Path(IDEAS).name
    cursor = window.source.textCursor()
    assert cursor.block().text() == "- A post about autumn light"


def test_publish_and_unpublish_both_ways_in_the_window(qtbot, window, sample_site: Path):
    open_site(qtbot, window, sample_site)
    assert window.open_post(sample_site / IDEAS)
    assert window.commands.publish.isEnabled() and not window.commands.unpublish.isEnabled()
    window.commands.publish.trigger()
    today = date.today().isoformat()
    published = (sample_site / "_posts" / f"{today}-ideas-for-next-month.md").resolve()
    assert published.is_file() and not (sample_site / IDEAS).exists()
    assert window.session.post.path.resolve() == published
    assert f"date: {today}\n" in published.read_text(encoding="utf-8")
    qtbot.waitUntil(lambda: published in {p.resolve() for p in window.post_list.paths()})
    assert window.commands.unpublish.isEnabled()
    window.commands.unpublish.trigger()
    draft = (sample_site / IDEAS).resolve()
    assert draft.is_file() and not published.exists()
    assert window.session.post.path.resolve() == draft
    qtbot.waitUntil(
        lambda: (
            {p.name for p in window.post_list.paths()} >= {"ideas-for-next-month.md"}
            and published not in window.post_list.paths()
        )
    )
    # From the list's context menu, without opening the post.
    walk = (sample_site / WALK).resolve()
    window.workspace.unpublish_path(walk)
    assert (sample_site / "_drafts" / "a-walk-in-the-hills.md").is_file()
    window.workspace.publish_path(sample_site / "_drafts" / "a-walk-in-the-hills.md")
    assert walk.is_file()  # its own date: came back to the same name


def test_publish_works_without_hard_links(qtbot, window, sample_site: Path, monkeypatch):
    import os

    def no_links(*_args, **_kwargs):
        raise PermissionError(1, "Operation not permitted")

    open_site(qtbot, window, sample_site)
    monkeypatch.setattr(os, "link", no_links)
    target = window.workspace.publish_path(sample_site / IDEAS)
    assert target is not None and target.is_file() and not (sample_site / IDEAS).exists()
    assert not [p for p in target.parent.iterdir() if p.name.endswith(".tmp")]


def change_title(qtbot, window, title: str) -> None:
    field = window.findChild(type(window.findChild(object, "field:title")), "field:title")
    field.selectAll()
    qtbot.keyClicks(field, title)
    field.editingFinished.emit()
    qtbot.waitUntil(window.isWindowModified)


def test_title_change_offers_a_rename_and_detects_a_clash(
    qtbot, window, sample_site: Path, monkeypatch
):
    open_site(qtbot, window, sample_site)
    taken = sample_site / "_posts" / "2024-05-18-a-day-on-the-ridge.md"
    taken.write_text("---\ntitle: Someone else's\n---\n", encoding="utf-8")
    asked: list[tuple[str, str, str]] = []

    def answer(_parent, current, target, details):
        asked.append((current, target, details))
        return True

    monkeypatch.setattr(messages, "ask_rename", answer)
    assert window.open_post(sample_site / WALK)
    change_title(qtbot, window, "A day on the ridge")
    assert window.save()
    assert len(asked) == 1
    current, target, details = asked[0]
    assert current == "2024-05-18-a-walk-in-the-hills.md"
    assert target == "2024-05-18-a-day-on-the-ridge-2.md"
    assert "already taken" in details
    moved = sample_site / "_posts" / target
    assert moved.is_file() and not (sample_site / WALK).exists()
    assert taken.read_text(encoding="utf-8") == "---\ntitle: Someone else's\n---\n"
    assert window.session.post.path == moved
    assert target in window.windowTitle()
    # The buffer follows: the next save goes to the new file, and nothing is asked again.
    qtbot.keyClicks(window.source, "more ")
    assert window.save()
    assert "more " in moved.read_text(encoding="utf-8")
    assert len(asked) == 1


def test_declined_rename_keeps_the_name(qtbot, window, sample_site: Path, monkeypatch):
    open_site(qtbot, window, sample_site)
    monkeypatch.setattr(messages, "ask_rename", lambda *_: False)
    assert window.open_post(sample_site / WALK)
    change_title(qtbot, window, "Another title")
    assert window.save()
    assert (sample_site / WALK).is_file()
    assert window.session.post.path.name == Path(WALK).name


def test_taxonomy_rename_with_preview_then_apply(qtbot, window, sample_site: Path):
    open_site(qtbot, window, sample_site)
    window.commands.taxonomy.trigger()
    dialog = window.workspace.taxonomy
    assert dialog.objectName() == "taxonomyView"
    names = {n for n, _ in dialog.counts()}
    assert {"hiking", "planning"} <= names
    dialog.choose("hiking", "walking")
    assert [p.name for p in dialog.preview_paths()] == ["2024-05-18-a-walk-in-the-hills.md"]
    before = (sample_site / WALK).read_text(encoding="utf-8")
    with qtbot.waitSignal(dialog.renamed, timeout=10000) as signal:
        dialog.apply()
    assert signal.args[0].ok
    after = (sample_site / WALK).read_text(encoding="utf-8")
    assert after == before.replace("tags: [hiking,", "tags: [walking,")
    qtbot.waitUntil(
        lambda: any("walking" in p.tags for p in window.post_list.posts()), timeout=3000
    )


def test_taxonomy_preview_names_each_file_readably_and_counts_in_words(
    qtbot, window, sample_site: Path
):
    # The list showed the whole absolute path, cut before the file name, under
    # "… in 1 files:".
    open_site(qtbot, window, sample_site)
    window.commands.taxonomy.trigger()
    dialog = window.workspace.taxonomy
    dialog.resize(700, 500)
    dialog.choose("hiking", "walking")
    assert dialog.preview_label.text() == "“hiking” will be renamed to “walking” in 1 file:"
    item = dialog.preview.item(0)
    assert item.text() == "_posts/2024-05-18-a-walk-in-the-hills.md"
    assert item.toolTip() == str(sample_site / WALK)
    assert dialog.preview_paths() == [sample_site / WALK]
    width = dialog.preview.fontMetrics().horizontalAdvance(item.text())
    assert width < dialog.preview.viewport().width()


def test_quick_open_prepares_a_large_site_off_the_ui_thread(qtbot):
    from editor.core.site.index import IndexedPost
    from editor.ui import quick_open
    from editor.ui.quick_open import QuickOpen

    posts = [
        IndexedPost(
            f"/s/_posts/2020-01-01-post-{n}.md",
            f"Post {n}",
            f"2020-01-{1 + n % 28:02d}",
            "published",
            (),
            (),
            "",
            0,
            "",
            0,
            0,
        )
        for n in range(quick_open.PREPARE_HERE + 500)
    ]
    posts.append(
        IndexedPost(
            "/s/_posts/2024-05-18-a-walk.md",
            "A walk in the hills",
            "2024-05-18",
            "published",
            (),
            (),
            "",
            0,
            "",
            0,
            0,
        )
    )
    dialog = QuickOpen(lambda: list(posts))
    qtbot.addWidget(dialog)
    dialog.open_fresh()
    assert dialog.isVisible()
    qtbot.waitUntil(dialog.ready, timeout=10_000)
    assert dialog.shown_paths()[0] == "/s/_posts/2024-05-18-a-walk.md"  # newest first
    qtbot.keyClicks(dialog.query, "wlk hil")
    assert dialog.shown_paths() == ["/s/_posts/2024-05-18-a-walk.md"]
    # A later opening sees posts added meanwhile; the query typed before it is ready is kept.
    posts.append(
        IndexedPost(
            "/s/_drafts/walking-home.md", "Walking home", "", "draft", (), (), "", 0, "", 0, 0
        )
    )
    dialog.open_fresh()
    qtbot.keyClicks(dialog.query, "walking")
    qtbot.waitUntil(dialog.ready, timeout=10_000)
    assert dialog.shown_paths()[0] == "/s/_drafts/walking-home.md"
