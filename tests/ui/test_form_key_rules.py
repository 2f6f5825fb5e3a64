"""Hugo's case-insensitive keys in the form, and keys whose type varies across posts."""

from __future__ import annotations

from pathlib import Path

from editor.core.post import Post
from editor.core.site import Site
from editor.ui.front_matter_form import FrontMatterForm
from tests.ui.form_support import write


def open_form(qtbot, path: Path) -> tuple[FrontMatterForm, Post]:
    post = Post.load(path)
    form = FrontMatterForm()
    qtbot.addWidget(form)
    form.set_document(post.document, Site.open(path))
    qtbot.waitUntil(lambda: form.schema_learned)  # learned off the UI thread
    return form, post


def test_hugo_title_is_edited_not_doubled(qtbot, tmp_path: Path) -> None:
    write(tmp_path / "hugo.toml", 'title = "site"\n')
    write(tmp_path / ".post-editor.yml", "fields:\n  title: {required: true}\n")
    write(tmp_path / "content/posts/other.md", "---\ntitle: Other\n---\n")
    path = write(tmp_path / "content/posts/hello.md", "---\nTitle: Hello\ndraft: true\n---\nB\n")
    form, post = open_form(qtbot, path)
    assert [p for p, _ in form._plan if p[0].lower() == "title"] == [("Title",)]
    assert not form.add_field("title")  # it is there, spelled Title
    form._write(("title",), "New", label="Edit title", merge=False)
    assert post.document.text() == "---\nTitle: New\ndraft: true\n---\nB\n"


def test_jekyll_keys_differ_by_case(qtbot, tmp_path: Path) -> None:
    write(tmp_path / "_config.yml", "title: site\n")
    path = write(tmp_path / "_posts/2024-01-01-a.md", "---\nTitle: Hello\n---\nB\n")
    form, post = open_form(qtbot, path)
    assert form.add_field("title")
    assert "title:" in post.document.text() and "Title: Hello" in post.document.text()


def test_a_key_used_as_text_and_as_mapping_is_not_added_as_empty_mapping(qtbot, tmp_path):
    write(tmp_path / "_config.yml", "title: site\n")
    write(tmp_path / "_posts/2024-01-01-a.md", "---\nimage: /a.png\n---\n")
    write(tmp_path / "_posts/2024-01-02-b.md", "---\nimage:\n  path: /b.png\n---\n")
    path = write(tmp_path / "_posts/2024-01-03-c.md", "---\ntitle: C\n---\nB\n")
    form, post = open_form(qtbot, path)
    assert form.add_field("image")
    assert "{}" not in post.document.text()
    assert post.document.metadata["image"] in ("", {"path": ""})


def test_a_mapping_key_starts_with_its_usual_sub_key(qtbot, tmp_path):
    write(tmp_path / "_config.yml", "title: site\n")
    for day in (1, 2):
        write(tmp_path / f"_posts/2024-01-0{day}-a.md", "---\nheader:\n  teaser: /t.png\n---\n")
    path = write(tmp_path / "_posts/2024-01-03-c.md", "---\ntitle: C\n---\nB\n")
    form, post = open_form(qtbot, path)
    assert form.add_field("header")
    assert post.document.metadata["header"] == {"teaser": ""}


import pytest  # noqa: E402

from editor.core.frontmatter import PostDocument  # noqa: E402
from editor.ui.front_matter_form import MAX_FORM_FIELDS  # noqa: E402


@pytest.mark.parametrize(
    "keys",
    [
        [f"k{i}: {i}" for i in range(2000)],  # parses: too many rows
        [f"key_number_{i}: value {i}" for i in range(2000)],  # too large to parse: salvaged
        [f"k{i}: [a, b]" for i in range(MAX_FORM_FIELDS + 1)],
        ["m:"] + [f"  n{i}: 1" for i in range(MAX_FORM_FIELDS + 5)],  # nested rows count too
    ],
)
def test_a_huge_front_matter_falls_back_to_the_raw_tab(qtbot, keys: list[str]) -> None:
    text = "---\n" + "\n".join(keys) + "\n---\nbody\n"
    doc = PostDocument.from_text(text)
    form = FrontMatterForm()
    qtbot.addWidget(form)
    form.set_document(doc, None)
    assert form._rows == {}
    assert form.tabs.currentWidget() is form.raw
    assert "too many for the form" in form.banner.text()
    assert not form.banner.isHidden()
    assert form.raw.text() == doc.front_matter_text
    assert doc.text() == text


def test_a_front_matter_at_the_limit_still_gets_the_form(qtbot) -> None:
    text = "---\n" + "".join(f"k{i}: {i}\n" for i in range(MAX_FORM_FIELDS)) + "---\n"
    form = FrontMatterForm()
    qtbot.addWidget(form)
    form.set_document(PostDocument.from_text(text), None)
    assert len(form._rows) == MAX_FORM_FIELDS
    assert form.tabs.currentIndex() == 0
