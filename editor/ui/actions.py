"""Every menu action and shortcut of the window, defined in one place."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QAction, QKeySequence, QUndoStack
from PySide6.QtWidgets import QMenuBar, QWidget

StandardKey = QKeySequence.StandardKey


@dataclass
class Actions:
    open_site: QAction
    open_post: QAction
    new_post: QAction
    new_draft: QAction
    save: QAction
    save_as: QAction
    close_post: QAction
    export_html: QAction
    export_pdf: QAction
    quit: QAction
    theme_dark: QAction
    use_site_css: QAction
    allow_remote: QAction
    scroll_sync: QAction
    about: QAction
    quick_open: QAction
    site_search: QAction
    publish: QAction
    unpublish: QAction
    taxonomy: QAction
    check_site: QAction
    show_checks: QAction


def _action(
    parent: QWidget,
    name: str,
    text: str,
    shortcut: StandardKey | str | None = None,
    *,
    checkable: bool = False,
    tip: str = "",
) -> QAction:
    action = QAction(text, parent)
    action.setObjectName(f"action:{name}")
    if isinstance(shortcut, StandardKey):
        action.setShortcuts(shortcut)
    elif shortcut:
        action.setShortcut(QKeySequence(shortcut))
    action.setCheckable(checkable)
    if tip:
        action.setStatusTip(tip)
        action.setToolTip(tip)
    return action


def create_actions(parent: QWidget) -> Actions:
    return Actions(
        open_site=_action(parent, "openSite", "Open &Site…", "Ctrl+Shift+O"),
        open_post=_action(parent, "openPost", "&Open Post…", StandardKey.Open),
        new_post=_action(parent, "newPost", "&New Post…", StandardKey.New),
        new_draft=_action(parent, "newDraft", "New &Draft…", "Ctrl+Shift+N"),
        save=_action(parent, "save", "&Save", StandardKey.Save),
        save_as=_action(parent, "saveAs", "Save &As…", StandardKey.SaveAs),
        close_post=_action(parent, "closePost", "&Close Post", StandardKey.Close),
        export_html=_action(parent, "exportHtml", "Export &HTML…"),
        export_pdf=_action(parent, "exportPdf", "Export &PDF…"),
        quit=_action(parent, "quit", "&Quit", StandardKey.Quit),
        theme_dark=_action(parent, "themeDark", "&Dark Preview Theme", checkable=True),
        use_site_css=_action(
            parent,
            "useSiteCss",
            "Use the Site's &CSS",
            checkable=True,
            tip="Style the preview with the site's own compiled CSS when it has some",
        ),
        allow_remote=_action(
            parent,
            "allowRemote",
            "Load &Remote Content",
            checkable=True,
            tip="Let the preview fetch images and styles from the internet",
        ),
        scroll_sync=_action(parent, "scrollSync", "S&ync Scrolling", checkable=True),
        about=_action(parent, "about", "&About Post Editor"),
        quick_open=_action(parent, "quickOpen", "&Quick Open…", "Ctrl+P"),
        site_search=_action(parent, "siteSearch", "&Search the Site…", "Ctrl+Shift+F"),
        publish=_action(parent, "publish", "&Publish", tip="Move the draft into the site's posts"),
        unpublish=_action(parent, "unpublish", "&Unpublish", tip="Make the post a draft again"),
        taxonomy=_action(parent, "taxonomy", "&Tags and Categories…"),
        check_site=_action(
            parent,
            "checkSite",
            "Check the Whole &Site",
            "Ctrl+Shift+K",
            tip="Run the pre-publish checks on every post and mark the posts with problems",
        ),
        show_checks=_action(parent, "showChecks", "&Checks Panel", checkable=True),
    )


def build_menus(menu_bar: QMenuBar, actions: Actions, form_undo: QUndoStack) -> None:
    """File, Edit and Preview menus. Ctrl+Z inside the source pane or a form field goes to
    that widget's own history; the Edit menu's entries undo form edits from anywhere."""
    file_menu = menu_bar.addMenu("&File")
    for item in (actions.new_post, actions.new_draft, None, actions.open_site, actions.open_post):
        file_menu.addAction(item) if item else file_menu.addSeparator()
    file_menu.addSeparator()
    for item in (actions.save, actions.save_as, None, actions.export_html, actions.export_pdf):
        file_menu.addAction(item) if item else file_menu.addSeparator()
    file_menu.addSeparator()
    file_menu.addAction(actions.close_post)
    file_menu.addAction(actions.quit)
    edit_menu = menu_bar.addMenu("&Edit")
    undo = form_undo.createUndoAction(menu_bar, "Undo Form Edit")
    undo.setObjectName("action:undoFormEdit")
    redo = form_undo.createRedoAction(menu_bar, "Redo Form Edit")
    redo.setObjectName("action:redoFormEdit")
    edit_menu.addAction(undo)
    edit_menu.addAction(redo)
    view_menu = menu_bar.addMenu("&Preview")
    for item in (
        actions.theme_dark,
        actions.use_site_css,
        actions.allow_remote,
        actions.scroll_sync,
    ):
        view_menu.addAction(item)
    site_menu = menu_bar.addMenu("&Site")
    for item in (actions.quick_open, actions.site_search, None, actions.publish):
        site_menu.addAction(item) if item else site_menu.addSeparator()
    site_menu.addAction(actions.unpublish)
    site_menu.addSeparator()
    site_menu.addAction(actions.taxonomy)
    checks_menu = menu_bar.addMenu("&Checks")
    checks_menu.addAction(actions.check_site)
    checks_menu.addAction(actions.show_checks)
    help_menu = menu_bar.addMenu("&Help")
    actions.about.setMenuRole(QAction.MenuRole.AboutRole)
    help_menu.addAction(actions.about)
