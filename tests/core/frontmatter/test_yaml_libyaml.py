"""libyaml composes front matter into the very nodes the Python composer builds, or defers."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from editor.core.frontmatter import PostDocument, yaml_safe
from editor.core.frontmatter.yaml_safe import BoundedSafeLoader, parse_yaml
from tests.support.corpus import corpus_posts, requires_corpus

pytestmark = pytest.mark.skipif(not yaml_safe.HAVE_LIBYAML, reason="PyYAML without libyaml")


def tree(node: Node | None) -> Any:
    """Everything the editor reads of a node: kind, tag, marks, value, style."""
    if node is None:
        return None
    marks = (node.start_mark.index, node.start_mark.line, node.start_mark.column)
    marks += (node.end_mark.index, node.end_mark.line, node.end_mark.column)
    base = (type(node).__name__, node.tag, marks)
    if isinstance(node, ScalarNode):
        return (*base, node.value, node.style)
    if isinstance(node, SequenceNode):
        return (*base, bool(node.flow_style), [tree(n) for n in node.value])
    assert isinstance(node, MappingNode)
    return (*base, bool(node.flow_style), [(tree(k), tree(v)) for k, v in node.value])


def python_tree(text: str) -> Any:
    loader = BoundedSafeLoader(text)
    try:
        return tree(loader.get_single_node())
    finally:
        loader.dispose()


def same_nodes(text: str) -> None:
    node = yaml_safe._libyaml_node(text)
    if node is yaml_safe._PYTHON:
        return
    assert tree(node) == python_tree(text)  # type: ignore[arg-type]


@requires_corpus
@pytest.mark.parametrize("path", corpus_posts(), ids=lambda p: p.name)
def test_corpus_front_matter_composes_to_the_same_nodes(path: Path) -> None:
    document = PostDocument.from_bytes(path.read_bytes())
    if document.fm_format == "yaml":
        same_nodes(document.front_matter_text)


TEXTS = [
    "title: Plain\ntags: [a, 'b', \"c\"]\n",
    "title: 'single'\nsub: \"double \\u00e9\"\nempty:\nnull: ~\n",
    "list:\n- a\n- b\nindented:\n  - c\n  - d\n",
    "block: |\n  line one\n  line two\nfolded: >-\n  folded\n  text\nafter: x\n",
    "nested:\n  deeper:\n    k: v\n  flow: {a: 1, b: [2, 3]}\n",
    "emoji: 👩‍💻 and 漢字\ndate: 2020-01-02 10:00:00 +0100\noctal: 0755\nyes: no\n",
    "title: x # comment\n# a comment line\ntags:\n  - a # why\n",
    'title: "\\uD83D\\uDC69"\n',
    "---\nexplicit: doc\n",
    "? complex key\n: value\n",
    "k: !!str 12\nb: !!binary aGVsbG8=\n",
    "",
    "# only a comment\n",
    "title: crlf\r\ntags:\r\n  - a\r\n  - b\r\nblock: |\r\n  x\r\n",
    "key:  two spaces  \n",
    "long: " + "word " * 400 + "\n",
]


@pytest.mark.parametrize("text", TEXTS)
def test_tricky_front_matter_composes_to_the_same_nodes(text: str) -> None:
    same_nodes(text)


@pytest.mark.parametrize(
    "text",
    [
        "a: &x 1\nb: *x\n",  # aliases: the bounded loader counts them
        "n: " + "[" * 70 + "]" * 70 + "\n",  # deeper than the limit
        "title: [unclosed\n",  # errors keep the Python composer's message
        "a: b: c\n",
        "title:\tafter a tab\n",  # libyaml takes it, PyYAML refuses it
        "title: bell \x07\n",
    ],
)
def test_what_the_limits_guard_goes_to_the_python_composer(text: str) -> None:
    assert yaml_safe._libyaml_node(text) is yaml_safe._PYTHON


def test_parse_results_match_the_python_composer(monkeypatch: pytest.MonkeyPatch) -> None:
    texts = [*TEXTS, "a: &x 1\nb: *x\n", "title: [unclosed\n", "- a list\n"]
    fast = [parse_yaml(t) for t in texts]
    monkeypatch.setattr(yaml_safe, "_libyaml_node", lambda _text: yaml_safe._PYTHON)
    slow = [parse_yaml(t) for t in texts]
    for a, b, text in zip(fast, slow, texts, strict=True):
        assert a.data == b.data, text
        assert a.problem == b.problem, text
        assert [w.message for w in a.warnings] == [w.message for w in b.warnings], text
        assert tree(a.root) == tree(b.root), text
