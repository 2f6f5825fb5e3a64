"""The Checks panel in the real window: findings for the open post, a click goes to the
line or the field, a fix is shown, applied as one undo step and undone; the site-wide run
marks the post list."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QProgressDialog

PUTIN = "_posts/2025-09-02-putin-xi-talks.md"
CODE = "_posts/2023-11-02-notes-on-code.markdown"


def open_and_check(qtbot, window, post: Path):
    with qtbot.waitSignal(window.checks.runner.postChecked, timeout=10_000):
        window.open_post(post)
    return window.checks.panel


def click(qtbot, panel, rule: str) -> None:
    item = panel.item_for(rule)
    assert item is not None, [f.rule for f in panel.findings()]
    rect = panel.list.visualItemRect(item)
    qtbot.mouseClick(panel.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_click_a_finding_fix_it_and_undo(qtbot, window, sample_site):
    post = sample_site / PUTIN
    original = post.read_text(encoding="utf-8")
    panel = open_and_check(qtbot, window, post)
    assert panel.objectName() == "checksPanel"
    assert {"mojibake", "title-length"} <= {f.rule for f in panel.findings()}

    click(qtbot, panel, "mojibake")
    source = window.source
    assert source.textCursor().blockNumber() == 12 - 11  # file line 12, body starts on 11
    assert source.textCursor().block().text().startswith("Hereâ€™s")

    assert panel.show_fix.isEnabled()
    qtbot.mouseClick(panel.show_fix, Qt.MouseButton.LeftButton)
    assert panel.change.isVisible() and "Here’s" in panel.change.text()
    assert window.session.post.document.text() == original  # shown, not applied yet
    with qtbot.waitSignal(window.checks.runner.postChecked, timeout=10_000):
        qtbot.mouseClick(panel.apply, Qt.MouseButton.LeftButton)
    body = window.session.post.document.body
    assert body.splitlines()[1].startswith("Here’s what you need to know")
    assert "mojibake" not in {f.rule for f in panel.findings()}
    changed = [
        i
        for i, (a, b) in enumerate(
            zip(
                original.splitlines(), window.session.post.document.text().splitlines(), strict=True
            )
        )
        if a != b
    ]
    assert changed == [11]

    with qtbot.waitSignal(window.checks.runner.postChecked, timeout=10_000):
        source.undo()
    assert window.session.post.document.text() == original
    assert "mojibake" in {f.rule for f in panel.findings()}


def test_a_front_matter_finding_goes_to_its_field_and_its_fix_undoes(qtbot, window, sample_site):
    panel = open_and_check(qtbot, window, sample_site / CODE)
    document = window.session.post.document
    original = document.text()
    window.activateWindow()
    click(qtbot, panel, "yaml-trap")
    editor = window.form.field_editor("version")
    assert editor is not None
    qtbot.waitUntil(lambda: editor.hasFocus() or editor.isAncestorOf(window.focusWidget()))

    panel.list.setCurrentItem(panel.item_for("yaml-trap"))
    qtbot.mouseClick(panel.show_fix, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(window.checks.runner.postChecked, timeout=10_000):
        qtbot.mouseClick(panel.apply, Qt.MouseButton.LeftButton)
    assert 'version: "1.10"' in document.text()
    assert document.get("version") == "1.10"
    window.form.undo_stack.undo()
    assert document.text() == original


def test_site_wide_run_marks_the_posts_with_problems(qtbot, window, sample_site):
    broken = sample_site / "_posts" / "2025-01-01-broken.md"
    broken.write_text("---\nlayout: post\ntitle: Broken\n---\n{% post_url nowhere %}\n")
    open_and_check(qtbot, window, sample_site / CODE)
    with qtbot.waitSignal(window.checks.runner.siteChecked, timeout=20_000):
        window.commands.check_site.trigger()
    marks = _marks(window)
    assert marks[broken.name][0] and "post_url nowhere" in marks[broken.name][1]
    assert marks["2025-09-02-putin-xi-talks.md"][0]
    assert not marks["2024-05-18-a-walk-in-the-hills.md"][0]
    assert "1 with errors" in window.statusBar().currentMessage()


def _marks(window) -> dict[str, tuple[bool, str]]:
    from editor.ui.post_list import PATH_ROLE

    model = window.post_list.view.model()
    result = {}
    for row in range(model.rowCount()):
        index = model.index(row, 0)
        icon = index.data(Qt.ItemDataRole.DecorationRole)
        result[Path(index.data(PATH_ROLE)).name] = (
            icon is not None and not icon.isNull(),
            index.data(Qt.ItemDataRole.ToolTipRole),
        )
    return result


def test_a_large_site_shows_progress_while_it_is_checked(qtbot, window, sample_site, monkeypatch):
    from editor.ui import checks_controller

    monkeypatch.setattr(checks_controller, "SITE_PROGRESS_AFTER", 2)
    open_and_check(qtbot, window, sample_site / CODE)
    with qtbot.waitSignal(window.checks.runner.siteChecked, timeout=20_000):
        window.commands.check_site.trigger()
        dialog = window.findChild(QProgressDialog, "checksProgress")
        assert dialog is not None and dialog.maximum() == 4
        assert not window.commands.check_site.isEnabled()
    assert window.checks.progress is None
    assert window.commands.check_site.isEnabled()


def test_the_menu_entry_shows_and_hides_the_panel(qtbot, window):
    action = window.commands.show_checks
    assert action.isChecked() and window.checks.dock.isVisible()
    action.trigger()
    assert not window.checks.dock.isVisible() and not action.isChecked()
    action.trigger()
    assert window.checks.dock.isVisible() and action.isChecked()
    window.checks.dock.close()
    assert not action.isChecked()


def test_typing_is_checked_after_a_pause_not_on_each_key(qtbot, window, sample_site):
    panel = open_and_check(qtbot, window, sample_site / "_posts/2024-05-18-a-walk-in-the-hills.md")
    assert "image-alt" not in {f.rule for f in panel.findings()}
    runner = window.checks.runner
    runner.debounce.delay_ms = 100
    checked = []
    runner.postChecked.connect(lambda path, findings: checked.append(findings))
    source = window.source
    source.moveCursor(source.textCursor().MoveOperation.End)
    qtbot.keyClick(source, Qt.Key.Key_Return)
    qtbot.keyClicks(source, "![](/assets/images/hills.png)")
    assert checked == [] and runner.debounce.is_pending()
    qtbot.waitUntil(lambda: bool(checked), timeout=10_000)
    assert "image-alt" in {f.rule for f in panel.findings()}


def test_a_post_too_long_to_check_as_you_type_is_checked_on_request(
    qtbot, window, sample_site, monkeypatch
):
    from editor.services import checks_runner

    monkeypatch.setattr(checks_runner, "CHECK_ON_REQUEST_FROM", 100)
    checked = []
    window.checks.runner.postChecked.connect(lambda path, findings: checked.append(path))
    window.open_post(sample_site / PUTIN)
    panel = window.checks.panel
    qtbot.waitUntil(lambda: panel.check_now.isVisible(), timeout=10_000)
    assert "too long to check as you type" in panel.summary.text()
    window.source.insertPlainText("More words. ")  # typing does not start a check either
    qtbot.wait(checks_runner.CHECK_DELAY_MS + 300)
    assert checked == [] and panel.check_now.isVisible()
    with qtbot.waitSignal(window.checks.runner.postChecked, timeout=10_000):
        qtbot.mouseClick(panel.check_now, Qt.MouseButton.LeftButton)
    assert "mojibake" in {f.rule for f in panel.findings()}
    assert panel.check_now.isVisible() and panel.check_now.isEnabled()
