"""Every menu action and shortcut of the window, defined in one place."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
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
    refresh_preview: QAction
    quick_open: QAction
    site_search: QAction
    publish: QAction
    unpublish: QAction
    taxonomy: QAction
    check_site: QAction
    show_checks: QAction
    writing: WritingActions


# Keys Qt binds on some desktops only: Replace has none outside Windows, GNOME and KDE (a bare
# X11 session, XFCE, openbox), where the menu showed "Replace…" without a key.
_FALLBACK_KEYS = {StandardKey.Replace: "Ctrl+H"}
_platform_bindings = QKeySequence.keyBindings


def _standard_keys(key: StandardKey) -> list[QKeySequence]:
    keys = list(_platform_bindings(key))
    if not keys and key in _FALLBACK_KEYS:
        keys = [QKeySequence(_FALLBACK_KEYS[key])]
    return keys


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
        action.setShortcuts(_standard_keys(shortcut))
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
        refresh_preview=_action(
            parent,
            "refreshPreview",
            "Re&fresh Preview",
            StandardKey.Refresh,
            tip="Render the post again as it is now (posts too large for a live preview)",
        ),
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
        writing=create_writing_actions(parent),
    )


def build_menus(menu_bar: QMenuBar, actions: Actions) -> None:
    """File, Edit, Format, View and Preview menus. Ctrl+Z inside the source pane or a form
    field goes to that widget's own history; Edit → Undo undoes in the pane that has focus."""
    file_menu = menu_bar.addMenu("&File")
    for item in (actions.new_post, actions.new_draft, None, actions.open_site, actions.open_post):
        file_menu.addAction(item) if item else file_menu.addSeparator()
    file_menu.addSeparator()
    for item in (actions.save, actions.save_as, None, actions.export_html, actions.export_pdf):
        file_menu.addAction(item) if item else file_menu.addSeparator()
    file_menu.addSeparator()
    file_menu.addAction(actions.close_post)
    file_menu.addAction(actions.quit)
    build_writing_menus(menu_bar, actions.writing)
    view_menu = menu_bar.addMenu("&Preview")
    for item in (
        actions.theme_dark,
        actions.use_site_css,
        actions.allow_remote,
        actions.scroll_sync,
    ):
        view_menu.addAction(item)
    view_menu.addSeparator()
    view_menu.addAction(actions.refresh_preview)
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


# -- the writer's commands: Edit, Format and View (#12) ---------------------------------------


@dataclass
class WritingActions:
    undo: QAction
    redo: QAction
    cut: QAction
    copy: QAction
    paste: QAction
    select_all: QAction
    find: QAction
    find_next: QAction
    find_previous: QAction
    replace: QAction
    go_to_line: QAction
    bold: QAction
    italic: QAction
    inline_code: QAction
    link: QAction
    headings: list[QAction]
    bullet_list: QAction
    numbered_list: QAction
    quote: QAction
    code_block: QAction
    outline: QAction
    spelling: QAction
    focus_mode: QAction
    collapse_form: QAction
    app_theme: dict[str, QAction]

    def format_actions(self) -> list[QAction]:
        """The commands that act on the source pane only (their keys work there alone)."""
        return [
            self.bold,
            self.italic,
            self.inline_code,
            self.link,
            *self.headings,
            self.bullet_list,
            self.numbered_list,
            self.quote,
            self.code_block,
        ]


def create_writing_actions(parent: QWidget) -> WritingActions:
    actions = WritingActions(
        undo=_action(parent, "undo", "&Undo", StandardKey.Undo),
        redo=_action(parent, "redo", "&Redo", StandardKey.Redo),
        cut=_action(parent, "cut", "Cu&t", StandardKey.Cut),
        copy=_action(parent, "copy", "&Copy", StandardKey.Copy),
        paste=_action(parent, "paste", "&Paste", StandardKey.Paste),
        select_all=_action(parent, "selectAll", "Select &All", StandardKey.SelectAll),
        find=_action(parent, "find", "&Find…", StandardKey.Find),
        find_next=_action(parent, "findNext", "Find &Next", StandardKey.FindNext),
        find_previous=_action(parent, "findPrevious", "Find Pre&vious", StandardKey.FindPrevious),
        replace=_action(parent, "replace", "&Replace…", StandardKey.Replace),
        go_to_line=_action(parent, "goToLine", "&Go to Line…", "Ctrl+L"),
        bold=_action(parent, "bold", "&Bold", StandardKey.Bold),
        italic=_action(parent, "italic", "&Italic", StandardKey.Italic),
        inline_code=_action(parent, "inlineCode", "Inline &Code", "Ctrl+E"),
        link=_action(parent, "link", "&Link", "Ctrl+K"),
        headings=[
            _action(parent, f"heading{n}", f"Heading &{n}", f"Ctrl+{n}") for n in range(1, 7)
        ],
        bullet_list=_action(parent, "bulletList", "B&ullet List", "Ctrl+Shift+8"),
        numbered_list=_action(parent, "numberedList", "&Numbered List", "Ctrl+Shift+7"),
        quote=_action(parent, "quote", "&Quote", "Ctrl+Shift+Q"),
        code_block=_action(parent, "codeBlock", "Code Bl&ock", "Ctrl+Shift+C"),
        outline=_action(parent, "outline", "&Outline", "Ctrl+Shift+T", checkable=True),
        spelling=_action(parent, "spelling", "Check &Spelling", "F7", checkable=True),
        focus_mode=_action(parent, "focusMode", "&Focus Mode", "F11", checkable=True),
        collapse_form=_action(
            parent,
            "collapseForm",
            "&Collapse the Form",
            "Ctrl+Shift+M",
            checkable=True,
            tip="Show the front matter as a one-line summary so the source pane gets the height",
        ),
        app_theme={
            "system": _action(parent, "appThemeSystem", "Follow the &System", checkable=True),
            "light": _action(parent, "appThemeLight", "&Light", checkable=True),
            "dark": _action(parent, "appThemeDark", "&Dark", checkable=True),
        },
    )
    for action in actions.format_actions():
        action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
    return actions


def build_writing_menus(menu_bar: QMenuBar, w: WritingActions) -> None:
    edit_menu = menu_bar.addMenu("&Edit")
    for group in (
        (w.undo, w.redo),
        (w.cut, w.copy, w.paste, w.select_all),
        (w.find, w.find_next, w.find_previous, w.replace, w.go_to_line),
    ):
        for item in group:
            edit_menu.addAction(item)
        edit_menu.addSeparator()
    edit_menu.addAction(w.spelling)
    format_menu = menu_bar.addMenu("F&ormat")
    for item in (w.bold, w.italic, w.inline_code, w.link):
        format_menu.addAction(item)
    format_menu.addSeparator()
    for item in w.headings:
        format_menu.addAction(item)
    format_menu.addSeparator()
    for item in (w.bullet_list, w.numbered_list, w.quote, w.code_block):
        format_menu.addAction(item)
    view_menu = menu_bar.addMenu("&View")
    for item in (w.outline, w.collapse_form, w.focus_mode):
        view_menu.addAction(item)
    theme_menu = view_menu.addMenu("Application &Theme")
    for item in w.app_theme.values():
        theme_menu.addAction(item)
