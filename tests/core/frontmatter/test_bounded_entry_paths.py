"""Every path where user text is parsed as YAML goes through the bounded loader.

An alias bomb loads "fine" with plain ``yaml.safe_load`` (aliases share objects), and only
explodes when something walks or writes the value; so each entry path must refuse it outright,
with a short message that does not embed the expanded value.
"""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from editor import cli
from editor.core.frontmatter import PostDocument
from editor.core.frontmatter.yaml_safe import ValueParseError, load_value
from editor.core.site.model import _load_config
from editor.core.site.schema import load_schema_file


def bomb(levels: int, width: int, flow: bool, leaf: str) -> str:
    """A billion-laughs document: ``levels`` anchors, each ``width`` aliases of the previous."""
    names = [f"l{i}" for i in range(levels)]
    if flow:
        lines = [f"{names[0]}: &{names[0]} [" + ", ".join([repr(leaf)] * width) + "]"]
        for prev, name in itertools.pairwise(names):
            lines.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * width) + "]")
    else:
        lines = [f"{names[0]}: &{names[0]}"] + [f"  - {leaf!r}"] * width
        for prev, name in itertools.pairwise(names):
            lines += [f"{name}: &{name}"] + [f"  - *{prev}"] * width
    return "\n".join(lines) + "\n"


bombs = st.builds(
    bomb,
    levels=st.integers(7, 12),
    width=st.integers(6, 10),
    flow=st.booleans(),
    leaf=st.sampled_from(["lol", "ha", "x" * 30]),
)
FAST = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


def _short(message: str) -> None:
    assert len(message) < 400
    assert "lol, lol" not in message and "'lol', 'lol'" not in message


@FAST
@given(text=bombs)
def test_load_value_refuses_bombs(text: str) -> None:
    with pytest.raises(ValueParseError) as caught:
        load_value(text)
    assert "alias" in str(caught.value)
    _short(str(caught.value))


@FAST
@given(text=bombs)
def test_front_matter_text_refuses_bombs(text: str) -> None:
    """The Raw tab's path: the document's front-matter text replaced by what was typed."""
    document = PostDocument.from_text("---\ntitle: x\n---\nbody\n")
    document.set_front_matter_text(text)
    assert document.error is not None
    assert document.metadata == {}
    _short(document.error.message)


@FAST
@given(text=bombs)
def test_cli_fm_set_refuses_bombs(text: str, tmp_path_factory, capsys) -> None:
    post = tmp_path_factory.mktemp("cli") / "post.md"
    post.write_text("---\ntitle: x\n---\nbody\n", encoding="utf-8")
    # the whole bomb as one value, and (flow bombs) as one flow mapping
    forms = [text]
    if "[" in text:
        forms.append("{" + text.strip().replace("\n", ", ") + "}")
    for value in forms:
        status = cli.main(["fm", str(post), "--set", f"extra={value}"])
        _, err = capsys.readouterr()
        assert status == 2, err
        assert "alias" in err
        _short(err)
    assert post.read_text(encoding="utf-8") == "---\ntitle: x\n---\nbody\n"


@FAST
@given(text=bombs)
def test_schema_and_config_files_refuse_bombs(text: str, tmp_path_factory) -> None:
    root = tmp_path_factory.mktemp("site")
    (root / ".post-editor.yml").write_text(
        "fields:\n  title: {type: text}\n" + text, encoding="utf-8"
    )
    assert load_schema_file(root) == {}
    (root / "_config.yml").write_text(text, encoding="utf-8")
    assert _load_config(root / "_config.yml") == {}


def test_plain_values_still_load() -> None:
    assert load_value("[a, b]") == ["a", "b"]
    assert load_value("x: &a [1]\ny: *a") == {"x": [1], "y": [1]}
    assert load_value("") is None
    with pytest.raises(ValueParseError, match="line 1, column"):
        load_value("[a, b")


def test_cli_plain_text_that_is_not_yaml_is_still_text(tmp_path: Path, capsys) -> None:
    post = tmp_path / "post.md"
    post.write_text("---\ntitle: x\n---\nbody\n", encoding="utf-8")
    assert cli.main(["fm", str(post), "--set", "title=a: b: c"]) == 0
    assert cli.main(["fm", str(post)]) == 0
    out, _ = capsys.readouterr()
    assert json.loads(out)["title"] == "a: b: c"
