"""The form's site schema is learned off the UI thread and applied when it arrives."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from editor.core.post import Post
from editor.core.site import Site
from editor.core.site import schema as sch
from editor.ui import schema_learning
from editor.ui.fields.chips import TAG_ROLE
from editor.ui.front_matter_form import FrontMatterForm
from tests.ui.form_support import make_site, write


@pytest.fixture
def held(monkeypatch: pytest.MonkeyPatch):
    """Learning waits on this event (so the test sees the form before and after), and
    records the thread it ran on."""
    release = threading.Event()
    threads: list[threading.Thread] = []
    real = sch.schema_for_site

    def learn(site: Site) -> sch.Schema:
        threads.append(threading.current_thread())
        assert release.wait(10)
        return real(site)

    monkeypatch.setattr(sch, "schema_for_site", learn)
    monkeypatch.setattr(schema_learning, "SMALL_SITE", 0)  # these sites count as large
    yield release, threads
    release.set()


def _suggestions(form: FrontMatterForm) -> list[str]:
    model = form.add_completer.model()
    return [model.index(r, 0).data(TAG_ROLE) for r in range(model.rowCount())]


def test_the_form_shows_at_once_and_gets_the_learned_schema(qtbot, tmp_path: Path, held):
    release, threads = held
    post_path = make_site(tmp_path / "site")
    write(post_path, "---\ntitle: Bare\n---\nBody\n")
    post = Post.load(post_path)
    form = FrontMatterForm()
    qtbot.addWidget(form)
    form.set_document(post.document, Site.open(post_path))  # returns while learning waits
    assert not form.schema_learned
    assert form.field_editor("title") is not None  # the post's own keys are shown meanwhile
    assert form.schema.post_count == 0
    assert "tags" not in _suggestions(form)  # other posts' keys are not known yet
    assert "learning" in form.status.text()
    release.set()
    qtbot.waitUntil(lambda: form.schema_learned)
    assert threads and threads[0] is not threading.main_thread()
    assert form.schema.post_count == 3
    suggestions = _suggestions(form)
    assert suggestions[0] == "tags" and "layout" in suggestions
    assert "schema from 3 posts" in form.status.text()
    assert form.field_editor("title").text() == "Bare"
    assert not post.is_dirty
    # The next post of the same site gets the learned schema at once.
    other = Post.load(tmp_path / "site/_posts/2020-01-01-one.md")
    form.set_document(other.document, Site.open(other.path))
    assert form.schema_learned and form.schema.post_count == 3


def test_a_field_being_edited_is_not_rebuilt_under_the_writer(qtbot, tmp_path: Path, held):
    release, _threads = held
    post_path = make_site(tmp_path / "site")
    write(post_path, "---\ntitle: Bare\n---\nBody\n")
    post = Post.load(post_path)
    form = FrontMatterForm()
    qtbot.addWidget(form)
    form.show()
    qtbot.waitExposed(form)
    form.activateWindow()
    form.set_document(post.document, Site.open(post_path))
    title = form.field_editor("title")
    title.setFocus()
    qtbot.waitUntil(title.hasFocus)
    release.set()
    qtbot.waitUntil(lambda: form._schema_waiting)  # learned, held back while the field has focus
    assert not form.schema_learned  # waiting for the writer to leave the field
    assert form.field_editor("title") is title
    form.add_input.setFocus()
    qtbot.waitUntil(lambda: form.schema_learned)
    assert form.schema.post_count == 3
    assert "tags" in _suggestions(form)


def test_a_small_site_is_learned_at_once(qtbot, tmp_path: Path):
    post_path = make_site(tmp_path / "site")  # three posts
    form = FrontMatterForm()
    qtbot.addWidget(form)
    form.set_document(Post.load(post_path).document, Site.open(post_path))
    assert form.schema_learned and form.schema.post_count == 3
    assert form._learner._worker is None  # no thread was needed
    for n in range(schema_learning.SMALL_SITE):
        write(tmp_path / f"site/_posts/2021-01-{n + 1:02d}-more.md", "---\ntitle: M\n---\n")
    assert schema_learning.more_posts_than(Site.open(post_path), schema_learning.SMALL_SITE)
    assert not schema_learning.more_posts_than(Site.open(post_path), 100)


def test_the_learning_thread_ends_with_the_form(qtbot, tmp_path: Path, monkeypatch):
    monkeypatch.setattr(schema_learning, "SMALL_SITE", 0)
    post_path = make_site(tmp_path / "site")
    form = FrontMatterForm()
    form.set_document(Post.load(post_path).document, Site.open(post_path))
    qtbot.waitUntil(lambda: form.schema_learned)
    worker = form._learner._worker
    assert worker is not None and worker._thread is not None
    thread = worker._thread
    form.deleteLater()
    qtbot.waitUntil(lambda: not thread.is_alive())
