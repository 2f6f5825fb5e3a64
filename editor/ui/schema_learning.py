"""The form's site schemas, learned off the UI thread and kept per site folder.

Learning reads up to ``SCHEMA_SAMPLE`` posts (about a third of a second on a large site), so
it runs on a ``SerialWorker``; until it ends the form uses ``provisional_schema`` (the shown
post's own fields, the layouts and the schema file), and ``learned(root)`` tells it when the
site's schema is ready. The worker holds plain values only and answers through
``ui_callback``. A site of at most ``SMALL_SITE`` posts is learned at once instead (a few
milliseconds a post), so its form is built once, with nothing moving under the writer.
"""

from __future__ import annotations

import logging
import os
from typing import Any

from PySide6.QtCore import QObject, Signal

from editor.core.site import schema as sch
from editor.core.site.model import POST_SUFFIXES, SKIPPED_DIRS, Site
from editor.services.background import SerialWorker, ui_callback

logger = logging.getLogger(__name__)

SMALL_SITE = 16  # posts learned on the UI thread at once: well under 50 ms


def more_posts_than(site: Site, limit: int) -> bool:
    """Whether the site has more than ``limit`` posts, listing only as far as needed (a
    full listing of 10,000 posts takes a fifth of a second)."""
    count = 0
    folders = [str(folder) for folder in site.post_folders()]
    while folders:
        try:
            with os.scandir(folders.pop()) as entries:
                for entry in entries:
                    if entry.name.startswith("."):
                        continue
                    if entry.is_dir(follow_symlinks=False):
                        if entry.name not in SKIPPED_DIRS:
                            folders.append(entry.path)
                    elif os.path.splitext(entry.name)[1].lower() in POST_SUFFIXES:
                        count += 1
                        if count > limit:
                            return True
        except OSError:
            continue
    return False


def _learn(site: Site) -> sch.Schema:
    try:
        return sch.schema_for_site(site)
    except (OSError, ValueError) as exc:
        logger.warning("could not learn the schema of %s: %s", site, exc)
        return sch.Schema()


class SchemaLearner(QObject):
    """``schema(site, metadata)``: the learned schema, or a provisional one while learning."""

    learned = Signal(str)  # the site folder whose schema is now ready

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._cache: dict[str, sch.Schema] = {}
        self._asked: dict[str, int] = {}  # site folder -> number of its latest request
        self._requests = 0
        self._worker: SerialWorker | None = None
        self._answer = ui_callback(self._on_learned)

    def is_learned(self, site: Site | None) -> bool:
        return site is None or str(site.root) in self._cache

    def schema(self, site: Site | None, metadata: Any = None) -> sch.Schema:
        """The site's schema when learned; else a provisional one, and learning is started."""
        if site is None:
            return sch.Schema()
        key = str(site.root)
        cached = self._cache.get(key)
        if cached is not None:
            return cached
        if key not in self._asked:
            if not more_posts_than(site, SMALL_SITE):
                return self.learn_now(site)
            self._start(site)
        try:
            return sch.provisional_schema(site, metadata)
        except (OSError, ValueError) as exc:
            logger.warning("could not read the schema file of %s: %s", site, exc)
            return sch.Schema()

    def forget(self, site: Site | None) -> None:
        """Learn this site again (its posts or schema file changed); ``learned`` follows."""
        if site is not None:
            self._cache.pop(str(site.root), None)
            self._asked.pop(str(site.root), None)
            if not more_posts_than(site, SMALL_SITE):
                self.learn_now(site)
                self.learned.emit(str(site.root))
            else:
                self._start(site)

    def _start(self, site: Site) -> None:
        key = str(site.root)
        self._requests += 1
        number = self._asked[key] = self._requests
        if self._worker is None:
            self._worker = SerialWorker("schema learning")
            self.destroyed.connect(self._worker.close)  # its thread ends with the form
        answer = self._answer
        self._worker.submit(lambda: answer(key, number, _learn(site)))

    def _on_learned(self, key: str, number: int, schema: sch.Schema) -> None:
        if self._asked.get(key) != number:
            return  # an older request: a newer one is on its way
        del self._asked[key]
        self._cache[key] = schema
        self.learned.emit(key)

    def learn_now(self, site: Site) -> sch.Schema:
        """Learn on this thread and keep the result (what the form did before the worker; for
        benches comparing both)."""
        schema = self._cache[str(site.root)] = _learn(site)
        return schema

    def wait(self, timeout: float | None = None) -> bool:
        """For tests and benches: True when no learning job is left on the worker."""
        return self._worker is None or self._worker.wait(timeout)

    def close(self) -> None:
        if self._worker is not None:
            self._worker.close()
