"""The site as a workspace: quick open, site search, publishing and file renames from the window.

The main window builds this once and forwards to it; everything here goes through the core
(``publish_post``, ``rename_offer``, the index) and the window's own open and save paths.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QTextCursor

from editor.core.paths import same_file
from editor.core.post import Post
from editor.core.site.publish import PublishError, publish_post, unpublish_post
from editor.core.site.renaming import naming_key, rename_offer, rename_post_file
from editor.core.site.taxonomy import RenameReport
from editor.core.textio import TextDecodeError
from editor.ui import messages
from editor.ui.quick_open import QuickOpen
from editor.ui.site_search import SiteSearch

if TYPE_CHECKING:
    from editor.core.site import Site
    from editor.ui.main_window import MainWindow
    from editor.ui.taxonomy_dialog import TaxonomyDialog

log = logging.getLogger(__name__)


class SiteWorkspace(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.quick_open = QuickOpen(window.post_list.posts, window)
        self.site_search = SiteSearch(window.indexer.search, window)
        self._named_from: tuple[str, str] | None = None
        self.taxonomy: TaxonomyDialog | None = None
        a = window.commands
        a.quick_open.triggered.connect(self.show_quick_open)
        a.site_search.triggered.connect(self.show_site_search)
        a.publish.triggered.connect(lambda: self.publish_current(publish=True))
        a.unpublish.triggered.connect(lambda: self.publish_current(publish=False))
        a.taxonomy.triggered.connect(self.show_taxonomy)
        self.quick_open.postChosen.connect(lambda path: window.open_post(Path(path)))
        self.site_search.hitChosen.connect(self._open_hit)
        window.post_list.publishRequested.connect(lambda p: self.publish_path(Path(p)))
        window.post_list.unpublishRequested.connect(lambda p: self.unpublish_path(Path(p)))
        window.session.postChanged.connect(self._remember_name)

    # -- finding posts ----------------------------------------------------------------------
    def show_quick_open(self) -> None:
        self.quick_open.open_fresh()

    def show_site_search(self) -> None:
        self.site_search.open_fresh()

    def _open_hit(self, path: str, line: int) -> None:
        # A hit the writer did not open (Cancel in the save question) leaves them in the
        # search: the closed question must not leave it without focus, deaf to Escape.
        if not self.open_at_line(path, line) and self.site_search.isVisible():
            self.site_search.take_focus_back()

    def open_at_line(self, path: str, line: int) -> bool:
        """Open a post with the cursor on a line of its file (front matter lines: its top)."""
        window = self.window
        if not window.open_post(Path(path)):
            return False
        post = window.session.post
        if post is None:
            return False
        body_line = max(1, line - post.document.body_start_line + 1)
        block = window.source.document().findBlockByNumber(body_line - 1)
        if block.isValid():
            cursor = QTextCursor(block)
            window.source.setTextCursor(cursor)
            window.source.centerCursor()
        window.source.setFocus()
        return True

    # -- publishing -------------------------------------------------------------------------
    def _site(self) -> Site | None:
        return self.window.session.site

    def publish_current(self, *, publish: bool) -> Path | None:
        post = self.window.session.post
        if post is None or post.path is None:
            return None
        return self._move(post.path, publish_post if publish else unpublish_post)

    def publish_path(self, path: Path) -> Path | None:
        return self._move(path, publish_post)

    def unpublish_path(self, path: Path) -> Path | None:
        return self._move(path, unpublish_post)

    def _move(self, path: Path, action: Callable[[Post, Site], Path]) -> Path | None:
        window = self.window
        site = self._site()
        if site is None:
            return None
        current = window.session.post
        is_open = current is not None and current.path is not None and same_file(current.path, path)
        if is_open and not window.maybe_save():
            return None
        try:
            post = Post.load(path)
            target = action(post, site)
        except PublishError as exc:
            messages.error(window, "Cannot move this post", str(exc))
            return None
        except (OSError, TextDecodeError) as exc:
            messages.error(window, "Cannot move this post", f"{path}: {exc}")
            return None
        window.indexer.refresh_paths([path, target])
        if is_open:
            window.open_post(target, ask=False)
        window.statusBar().showMessage(f"Now {target.name}", 5000)
        self._update_actions()
        return target

    def _update_actions(self) -> None:
        post = self.window.session.post
        site = self._site()
        has_file = post is not None and post.path is not None and site is not None
        draft = False
        if has_file and site is not None and post is not None and post.path is not None:
            draft = site.is_draft_path(post.path) or post.document.get("draft") is True
        self.window.commands.publish.setEnabled(has_file and draft)
        self.window.commands.unpublish.setEnabled(has_file and not draft)

    # -- renaming after a title or date change ----------------------------------------------
    def adopt_shown_post(self) -> None:
        """The post the window showed before this workspace existed (the start's)."""
        self._remember_name()

    def _remember_name(self) -> None:
        post = self.window.session.post
        self._named_from = naming_key(post.document.metadata) if post is not None else None
        self._update_actions()

    def after_save(self, saved: Path) -> None:
        """Offer a file name matching a changed title or date (asked once per change)."""
        window = self.window
        post, site = window.session.post, self._site()
        if post is None or site is None:
            return
        key = naming_key(post.document.metadata)
        if key == self._named_from:
            return
        self._named_from = key
        offer = rename_offer(post, site)
        if offer is None:
            return
        details = []
        if offer.clash is not None:
            details.append(
                f"“{offer.clash.name}” is already taken by another file, so the free name "
                f"“{offer.target.name}” is offered instead."
            )
        if offer.url_kept:
            details.append("The post's slug or permalink keeps its address on the site.")
        else:
            details.append("The post's address on the site follows its file name.")
        if not messages.ask_rename(
            window, offer.current.name, offer.target.name, " ".join(details)
        ):
            return
        try:
            rename_post_file(post, offer.target)
        except (PublishError, OSError) as exc:
            messages.error(window, "Could not rename the file", str(exc))
            return
        window.indexer.refresh_paths([offer.current, offer.target])
        window.post_list.select_path(offer.target)
        window._update_title()
        window.statusBar().showMessage(f"Renamed to {offer.target.name}", 5000)

    # -- tags and categories ----------------------------------------------------------------
    def show_taxonomy(self) -> None:
        from editor.ui.taxonomy_dialog import TaxonomyDialog

        if self.taxonomy is None:
            self.taxonomy = TaxonomyDialog(self.window)
            self.taxonomy.renamed.connect(self._after_taxonomy_rename)
            self.taxonomy.before_apply = self.window.maybe_save
        self.taxonomy.open_for(self.window.post_list.posts())

    def _after_taxonomy_rename(self, report: RenameReport) -> None:
        self.window.indexer.refresh_paths(list(report.changed))
        post = self.window.session.post
        if post is None or post.path is None or post.is_dirty:
            return
        if any(same_file(post.path, p) for p in report.changed):
            self.window.session.reload()
            self.window._show_post()
