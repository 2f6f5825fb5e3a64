"""Schema inference from a site's posts, the schema file, validation and YAML 1.1 traps."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from editor.core.site import Site
from editor.core.site import schema as sch
from editor.core.site.new_post import post_defaults
from tests.support.corpus import corpus_posts, requires_corpus

POSTS = [
    {"title": "A", "layout": "post", "tags": ["python", "qt"], "date": date(2020, 1, 1)},
    {"title": "B", "layout": "post", "tags": ["python"], "image": "/assets/a.png"},
    {"title": "C", "layout": "page", "tags": "python rust", "draft": True},
    {"title": "D", "tags": ["qt"], "header": {"image": "/x.jpg", "caption": "c"}, "weight": 3},
    {"title": "E", "excerpt": "Short.", "pin": False},
]


def test_types_come_from_values_and_key_names():
    schema = sch.infer_schema(POSTS, layouts=["default", "post"])
    assert schema.post_count == 5
    assert schema.spec("title").type == sch.TEXT
    assert schema.spec("tags").type == sch.STRING_LIST
    assert schema.spec("date").type == sch.DATE
    assert schema.spec("image").type == sch.IMAGE
    assert schema.spec("header").type == sch.MAPPING
    assert schema.spec("header.image").type == sch.IMAGE
    assert schema.spec("header.caption").type == sch.TEXT
    assert schema.spec("excerpt").type == sch.LONG_TEXT
    assert schema.spec("draft").type == sch.BOOLEAN
    assert schema.spec("weight").type == sch.YAML
    assert schema.spec("layout").type == sch.CHOICE


def test_counts_and_values_seen():
    schema = sch.infer_schema(POSTS)
    tags = schema.spec("tags")
    assert tags.posts == 4
    assert tags.type_counts[sch.STRING_LIST] == 3
    assert tags.type_counts[sch.TEXT] == 1
    # "python rust" is a Jekyll space-separated string: its words count as tags.
    assert tags.suggestions()[0] == ("python", 3)
    assert dict(tags.suggestions())["qt"] == 2
    assert dict(tags.suggestions())["rust"] == 1


def test_layout_choices_join_layouts_folder_and_values_seen():
    schema = sch.infer_schema(POSTS, layouts=["default", "post"])
    assert schema.spec("layout").choices == ["default", "post", "page"]


def test_a_string_value_in_a_list_field_keeps_its_own_type():
    schema = sch.infer_schema(POSTS)
    assert schema.field_type("tags", ["a"]) == sch.STRING_LIST
    # The chips editor shows a "Make a list" button for a string; it is never converted silently.
    assert schema.field_type("tags", "a b c") == sch.STRING_LIST
    assert schema.field_type("tags", 42) == sch.YAML
    assert schema.field_type("draft", "yes please") == sch.TEXT
    assert schema.field_type("title", ["a", "b"]) == sch.STRING_LIST
    assert schema.field_type("unknown", {"a": 1}) == sch.MAPPING
    assert schema.field_type("date", "2019-08-08 11:33:00 +0800") == sch.DATE
    assert schema.field_type("date", "someday") == sch.TEXT


def test_unknown_keys_get_a_type_from_their_name():
    schema = sch.Schema()
    assert schema.spec("description").type == sch.LONG_TEXT
    assert schema.spec("header.overlay_image").type == sch.IMAGE
    assert schema.spec("lastmod").type == sch.DATE
    assert schema.spec("whatever").type == sch.YAML


def test_add_field_suggestions_are_keys_missing_here_most_used_first():
    schema = sch.infer_schema(POSTS)
    suggestions = schema.add_field_suggestions(["title"])
    assert suggestions[0] == ("tags", 4)
    assert all(key != "title" and "." not in key for key, _ in suggestions)


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def site(tmp_path: Path) -> Site:
    root = tmp_path / "blog"
    write(
        root / "_config.yml",
        "title: Blog\ndefaults:\n  - scope: {path: '', type: posts}\n"
        "    values: {layout: post, comments: true}\n"
        "  - scope: {type: pages}\n    values: {layout: page}\n",
    )
    write(root / "_layouts/post.html", "{{ content }}")
    write(root / "_layouts/wide.html", "{{ content }}")
    write(root / "_posts/2020-01-01-a.md", "---\ntitle: A\ntags: [x, y]\nlayout: post\n---\n")
    write(root / "_posts/2020-01-02-b.md", "---\ntitle: B\ntags: [x]\n---\n")
    write(
        root / sch.SCHEMA_FILE,
        "fields:\n"
        "  title: {required: true, max_length: 20, label: Headline, help: Shown big., order: 1}\n"
        "  layout: {choices: [post, wide]}\n"
        "  slug: {pattern: '^[a-z0-9-]+$', type: string}\n"
        "  author: {default: Ann, type: text}\n"
        "  tags: {min_length: 1}\n",
    )
    return Site.open(root)


def test_schema_file_refines_the_inferred_schema(site: Site):
    schema = sch.schema_for_site(site)
    title = schema.spec("title")
    assert title.required and title.max_length == 20 and title.label == "Headline"
    assert title.help == "Shown big." and title.order == 1
    assert schema.spec("layout").choices == ["post", "wide"]
    assert schema.spec("layout").strict_choices
    assert schema.spec("slug").type == sch.TEXT
    assert schema.spec("tags").posts == 2
    assert schema.source.endswith(sch.SCHEMA_FILE)


def test_config_defaults_and_schema_defaults_feed_new_posts(site: Site):
    assert post_defaults(site) == {"layout": "post", "comments": True, "author": "Ann"}


def test_validation_enforces_the_schema_file(site: Site):
    schema = sch.schema_for_site(site)
    assert sch.validate(schema.spec("title"), "") == ["Headline is required."]
    assert sch.validate(schema.spec("title"), "x" * 21) == [
        "Headline must be at most 20 characters."
    ]
    assert sch.validate(schema.spec("title"), "Fine") == []
    assert sch.validate(schema.spec("layout"), "post") == []
    assert sch.validate(schema.spec("layout"), "huge") != []
    assert sch.validate(schema.spec("slug"), "good-slug") == []
    assert "pattern" in sch.validate(schema.spec("slug"), "Bad Slug")[0]
    assert sch.missing_required(schema, {"tags": []}) == ["title"]
    assert sch.missing_required(schema, {"title": "t"}) == []


def test_inferred_hints_never_block_a_write():
    schema = sch.infer_schema([{"layout": "post", "description": "d"}])
    assert sch.validate(schema.spec("layout"), "something-new") == []
    assert sch.validate(schema.spec("description"), "x" * 500) == []


def test_a_broken_schema_file_is_ignored(tmp_path: Path):
    write(tmp_path / sch.SCHEMA_FILE, "fields: [unclosed\n")
    assert sch.load_schema_file(tmp_path) == {}
    write(tmp_path / sch.SCHEMA_FILE, "!!python/object/apply:os.system ['true']\n")
    assert sch.load_schema_file(tmp_path) == {}


def test_schema_order_puts_listed_keys_first():
    schema = sch.Schema()
    sch.apply_overrides(schema, {"date": {"order": 2}, "title": {"order": 1}})
    assert schema.ordered(["tags", "date", "x", "title"]) == ["title", "date", "tags", "x"]


@pytest.mark.parametrize(
    ("typed", "word"),
    [
        ("no", "false"),
        ("on", "true"),
        ("Yes", "true"),
        ("0755", "493"),
        ("1:20", "80"),
        ("1.10", "1.1"),
        ("Hash #1", "'Hash'"),
    ],
)
def test_yaml_traps_are_explained(typed: str, word: str):
    message = sch.yaml_trap(typed)
    assert message is not None
    assert word in message


@pytest.mark.parametrize(
    "typed", ["'no'", '"0755"', "hello", "3.0", "Hash#1", "2019-01-01", "true", ""]
)
def test_values_that_read_back_as_typed_are_not_traps(typed: str):
    assert sch.yaml_trap(typed) is None


@requires_corpus
def test_inference_over_the_real_corpus():
    from editor.core.frontmatter import PostDocument
    from editor.core.textio import TextDecodeError

    metadatas = []
    for path in corpus_posts():
        try:
            metadatas.append(PostDocument.from_bytes(path.read_bytes()).metadata)
        except TextDecodeError:
            continue
    schema = sch.infer_schema(metadatas)
    assert schema.post_count == len(metadatas) > 50
    assert schema.spec("tags").type == sch.STRING_LIST
    assert schema.spec("categories").type == sch.STRING_LIST
    assert schema.spec("date").type == sch.DATE
    assert schema.spec("image.path").type == sch.IMAGE
    assert schema.spec("header.overlay_image").type == sch.IMAGE
    assert schema.spec("layout").type == sch.CHOICE
    assert "post" in schema.spec("layout").choices
    assert schema.spec("description").type == sch.LONG_TEXT
