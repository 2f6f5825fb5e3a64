"""The form's plan: every key gets exactly one editor, nested mappings become sub-forms."""

from __future__ import annotations

from datetime import datetime

from editor.core.frontmatter.dates import parse_date
from editor.core.site import schema as sch
from editor.core.site.form_plan import MISSING, initial_value, plan_fields, value_at

METADATA = {
    "title": "T",
    "tags": ["a"],
    "header": {"image": "/a.png", "video": {"id": "x", "provider": "youtube"}, "deep": {}},
    "resources": [{"name": "n", "src": "s"}],
    "weight": 4,
}


def test_every_key_gets_one_entry_in_file_order():
    plan = plan_fields(sch.Schema(), METADATA, list(METADATA))
    paths = [path for path, _ in plan]
    assert paths == [
        ("title",),
        ("tags",),
        ("header",),
        ("header", "image"),
        ("header", "video"),
        ("header", "video", "id"),
        ("header", "video", "provider"),
        ("header", "deep"),
        ("resources",),
        ("weight",),
    ]
    kinds = dict(plan)
    assert kinds[("header",)] == sch.MAPPING
    assert kinds[("header", "image")] == sch.IMAGE
    assert kinds[("header", "deep")] == sch.YAML  # an empty mapping is edited as YAML
    assert kinds[("resources",)] == sch.YAML
    assert kinds[("weight",)] == sch.YAML


def test_sticky_kinds_win_and_required_keys_are_appended():
    schema = sch.Schema()
    sch.apply_overrides(schema, {"summary": {"required": True}})
    plan = plan_fields(schema, {"x": {"a": 1}}, ["x"], {("x",): sch.YAML})
    assert plan == [(("x",), sch.YAML), (("summary",), sch.LONG_TEXT)]


def test_value_at():
    assert value_at(METADATA, ("header", "video", "id")) == "x"
    assert value_at(METADATA, ("header", "nope")) is MISSING
    assert value_at(METADATA, ("title", "x")) is MISSING


def test_initial_values_follow_the_type():
    schema = sch.Schema()
    assert initial_value(schema, "tags", "yaml") == []
    assert initial_value(schema, "draft", "yaml") is False
    assert initial_value(schema, "title", "yaml") == ""
    assert initial_value(schema, "anything", "yaml") is None
    spelled = initial_value(schema, "date", "yaml")
    assert isinstance(spelled, str) and parse_date(spelled) is not None
    assert spelled[-5] in "+-"  # Jekyll's +0800 spelling, which YAML keeps as typed
    assert isinstance(initial_value(schema, "date", "toml"), datetime)
    sch.apply_overrides(schema, {"layout": {"default": "post"}})
    assert initial_value(schema, "layout", "yaml") == "post"


def test_keys_that_are_not_text_are_found_by_their_spelling():
    metadata = {2013: "a", "ok": "d"}
    plan = plan_fields(sch.Schema(), metadata, ["2013", "ok"])
    assert [path for path, _ in plan] == [("2013",), ("ok",)]
    assert value_at(metadata, ("2013",)) == "a"


def test_salvage_keeps_the_blocks_that_parse_on_their_own():
    from editor.core.site.form_plan import salvage_yaml

    text = "title: [unclosed\ntags: a\nheader:\n  image: x.png\n# note\nbad: *nowhere\nlist:\n- a\n"
    assert salvage_yaml(text) == {"tags": "a", "header": {"image": "x.png"}, "list": ["a"]}
    assert salvage_yaml("") == {}
