"""Safe, bounded YAML parsing of front matter, keeping the node graph for minimal edits.

PyYAML's SafeLoader is used, but it alone does not protect the editor: an alias bomb of a
few hundred bytes expands to hundreds of millions of leaves when anything walks the data,
and deep nesting raises RecursionError rather than YAMLError. So aliases and depth are
counted while the document is composed, the expanded size is measured on the node graph
(memoised, so it costs one pass over the nodes), and only then is the data constructed.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from editor.core.frontmatter.errors import FrontMatterWarning, ParseProblem

MAX_FRONT_MATTER_CHARS = 32 * 1024  # PyYAML parses ~50 KB/s here: stay well under a second
MAX_ALIASES = 1_000
MAX_DEPTH = 64
MAX_EXPANDED_NODES = 200_000

_TAG = "tag:yaml.org,2002:"
_OCTAL_RE = re.compile(r"[-+]?0[0-7_]+$")
_COMMENT_AFTER_RE = re.compile(r"[ \t]+#")


class _Limit(yaml.YAMLError):
    def __init__(self, message: str, index: int | None) -> None:
        super().__init__(message)
        self.message = message
        self.index = index


class BoundedSafeLoader(yaml.SafeLoader):
    """SafeLoader that refuses alias floods and deep nesting while composing."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._aliases = 0
        self._depth = 0

    def compose_node(self, parent: Node | None, index: Any) -> Node | None:
        """Count aliases and depth before PyYAML builds the node, so a bomb stops early."""
        if self.check_event(yaml.AliasEvent):
            self._aliases += 1
            if self._aliases > MAX_ALIASES:
                mark = self.peek_event().start_mark
                raise _Limit(
                    f"too many aliases (more than {MAX_ALIASES}); rejected as a possible "
                    "alias bomb",
                    mark.index,
                )
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                mark = self.peek_event().start_mark
                raise _Limit(f"nested more than {MAX_DEPTH} levels deep", mark.index)
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


_SURROGATE_RE = re.compile("[\ud800-\udfff]")


def _construct_str(loader: yaml.SafeLoader, node: ScalarNode) -> str:
    """A string, with UTF-16 surrogate-pair escapes (``"\\uD83D\\uDC69"``, as JSON writers
    emit emoji) read as the character they encode."""
    value = loader.construct_scalar(node)
    if isinstance(value, str) and _SURROGATE_RE.search(value):
        value = value.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "surrogatepass")
    return value


BoundedSafeLoader.add_constructor("tag:yaml.org,2002:str", _construct_str)

HAVE_LIBYAML = bool(getattr(yaml, "__with_libyaml__", False))
if HAVE_LIBYAML:

    class CLoader(yaml.CSafeLoader):
        """libyaml's parser and composer, with the editor's string constructor."""

    CLoader.add_constructor("tag:yaml.org,2002:str", _construct_str)


def plain_for_libyaml(text: str) -> bool:
    """No alias and no nesting deeper than the limit (libyaml's events, read in C).

    Such text needs none of the bounded loader's guards, so libyaml may compose it.
    """
    if not HAVE_LIBYAML:
        return False
    loader = CLoader(text)
    depth = 0
    try:
        while True:
            event = loader.get_event()
            if event is None or isinstance(event, yaml.StreamEndEvent):
                return True
            if isinstance(event, yaml.AliasEvent):
                return False
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    return False
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    finally:
        loader.dispose()


NON_PRINTABLE = yaml.reader.Reader.NON_PRINTABLE
_PYTHON = object()  # "compose with the bounded pure-Python loader"


def _libyaml_node(text: str) -> Node | object | None:
    """The node graph composed by libyaml, or ``_PYTHON`` when it cannot vouch for the text.

    libyaml builds the same nodes (tags, values, styles, marks) as PyYAML's Python composer
    in a few per cent of the time; only a plain scalar's style differs ("" for None), and
    is set back. An alias, deep nesting or any error goes to the Python composer, whose
    limits and messages stay the reference; so does text with a tab or a character PyYAML's
    reader refuses, which libyaml would accept.
    """
    if "\t" in text or NON_PRINTABLE.search(text):
        return _PYTHON  # libyaml accepts tabs and characters PyYAML's reader refuses
    try:
        if not plain_for_libyaml(text):
            return _PYTHON
        loader = CLoader(text)
        try:
            root = loader.get_single_node()
        finally:
            loader.dispose()
    except (yaml.YAMLError, ValueError, TypeError, OverflowError, RecursionError):
        return _PYTHON
    stack: list[Node] = [root] if root is not None else []
    while stack:
        node = stack.pop()
        if isinstance(node, ScalarNode):
            if node.style == "":
                node.style = None
        elif isinstance(node, SequenceNode):
            stack.extend(node.value)
        elif isinstance(node, MappingNode):
            for key, value in node.value:
                stack.append(key)
                stack.append(value)
    return root


@dataclass
class YamlParse:
    """The result of parsing front-matter YAML: data, node graph, problem and warnings."""

    data: Any = None
    root: Node | None = None
    problem: ParseProblem | None = None
    warnings: list[FrontMatterWarning] = field(default_factory=list)

    @property
    def mapping(self) -> dict[Any, Any]:
        """The data when it is a usable mapping, else {} (never a list or a scalar)."""
        return self.data if isinstance(self.data, dict) and self.problem is None else {}


def _expanded_size(root: Node) -> int:
    """Number of nodes the data would have once aliases are expanded (cycles rejected)."""
    sizes: dict[int, int] = {}
    active: set[int] = set()
    stack: list[tuple[Node, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        key = id(node)
        if done:
            active.discard(key)
            if isinstance(node, ScalarNode):
                total = 1
            elif isinstance(node, SequenceNode):
                total = 1 + sum(sizes[id(n)] for n in node.value)
            else:
                total = 1 + sum(sizes[id(k)] + sizes[id(v)] for k, v in node.value)
            sizes[key] = min(total, MAX_EXPANDED_NODES + 1)
            continue
        if key in sizes:
            continue
        if key in active:
            raise _Limit("a recursive alias refers to itself", node.start_mark.index)
        active.add(key)
        stack.append((node, True))
        if isinstance(node, SequenceNode):
            stack.extend((n, False) for n in node.value if id(n) not in sizes)
        elif isinstance(node, MappingNode):
            for k, v in node.value:
                stack.extend((n, False) for n in (k, v) if id(n) not in sizes)
    return sizes[id(root)]


def _problem_from(exc: BaseException) -> ParseProblem:
    if isinstance(exc, _Limit):
        return ParseProblem(exc.message, exc.index)
    if isinstance(exc, yaml.reader.ReaderError):
        return ParseProblem(
            f"character U+{exc.character:04X} is not allowed in YAML"
            if isinstance(exc.character, int)
            else str(exc),
            exc.position,
        )
    if isinstance(exc, yaml.constructor.ConstructorError):
        mark = exc.problem_mark
        problem = exc.problem or "cannot be constructed"
        if "python/" in problem or "constructor for the tag" in problem:
            tag = problem.split("tag", 1)[-1].strip(" '")
            tag = tag.replace("tag:yaml.org,2002:", "!!")
            problem = f"unsafe or unknown tag {tag} rejected; the front matter is not loaded"
        return ParseProblem(problem, mark.index if mark else None)
    if isinstance(exc, yaml.MarkedYAMLError):
        mark = exc.problem_mark or exc.context_mark
        parts = [p for p in (exc.problem, exc.context and f"({exc.context})") if p]
        return ParseProblem(" ".join(parts) or "invalid YAML", mark.index if mark else None)
    return ParseProblem(f"invalid YAML: {exc}", None)


def parse_yaml(text: str) -> YamlParse:
    """Parse front-matter text safely; never raises, problems are returned."""
    if len(text) > MAX_FRONT_MATTER_CHARS:
        return YamlParse(
            problem=ParseProblem(
                f"the front matter is too large ({len(text):,} characters; the limit is "
                f"{MAX_FRONT_MATTER_CHARS:,}); it is kept as typed but not loaded",
                None,
            )
        )
    try:
        loader = BoundedSafeLoader(text)
    except yaml.YAMLError as exc:
        return YamlParse(problem=_problem_from(exc))
    try:
        fast = _libyaml_node(text)
        root: Node | None = loader.get_single_node() if fast is _PYTHON else fast  # type: ignore[assignment]
        if root is None:
            return YamlParse()
        if _expanded_size(root) > MAX_EXPANDED_NODES:
            raise _Limit(
                f"the front matter expands to more than {MAX_EXPANDED_NODES:,} values; "
                "rejected as a possible alias bomb",
                root.start_mark.index,
            )
        data = loader.construct_document(root)
    except RecursionError:
        return YamlParse(problem=ParseProblem("the front matter is nested too deeply", None))
    except (yaml.YAMLError, ValueError, TypeError, OverflowError) as exc:
        return YamlParse(problem=_problem_from(exc))
    finally:
        loader.dispose()
    if not isinstance(data, dict):
        kind = "a list" if isinstance(data, list) else "a single value"
        return YamlParse(
            data=data,
            root=root,
            problem=ParseProblem(
                f"the front matter is {kind}, not a mapping of keys to values",
                root.start_mark.index,
            ),
        )
    result = YamlParse(data=data, root=root)
    result.warnings = find_traps(text, root)
    return result


class ValueParseError(ValueError):
    """User text that is not a usable YAML value; the message never embeds the expanded value."""

    def __init__(self, problem: ParseProblem, text: str) -> None:
        self.problem = problem
        where = ""
        if problem.index is not None:
            before = text[: problem.index]
            line = before.count("\n") + 1
            column = problem.index - (before.rfind("\n") + 1) + 1
            where = f" (line {line}, column {column})"
        self.line_column = where
        super().__init__(f"{problem.message}{where}")


def load_value(text: str, max_chars: int = MAX_FRONT_MATTER_CHARS) -> Any:
    """Any YAML value from user text (a field, a ``--set`` value, a schema or config file).

    The same limits as front matter: size, aliases, depth and expanded size are checked before
    anything is constructed, so an alias bomb typed anywhere is refused in milliseconds.
    Raises ValueParseError with a short located message; returns None for empty text.
    """
    if len(text) > max_chars:
        raise ValueParseError(
            ParseProblem(
                f"the text is too large ({len(text):,} characters; the limit is {max_chars:,})",
                None,
            ),
            text,
        )
    try:
        loader = BoundedSafeLoader(text)
    except yaml.YAMLError as exc:
        raise ValueParseError(_problem_from(exc), text) from None
    try:
        root = loader.get_single_node()
        if root is None:
            return None
        if _expanded_size(root) > MAX_EXPANDED_NODES:
            raise _Limit(
                f"the value expands to more than {MAX_EXPANDED_NODES:,} values; "
                "rejected as a possible alias bomb",
                root.start_mark.index,
            )
        return loader.construct_document(root)
    except RecursionError:
        raise ValueParseError(ParseProblem("the value is nested too deeply", None), text) from None
    except (yaml.YAMLError, ValueError, TypeError, OverflowError) as exc:
        raise ValueParseError(_problem_from(exc), text) from None
    finally:
        loader.dispose()


def _scalar_trap(text: str, node: ScalarNode) -> str | None:
    value = node.value
    tag = node.tag[len(_TAG) :] if node.tag.startswith(_TAG) else node.tag
    if node.style is not None:
        return None
    if tag == "bool" and value.lower() not in ("true", "false"):
        as_bool = value.lower() in ("yes", "y", "on")
        return f"`{value}` is read as the boolean {as_bool}; quote it to keep the word"
    if tag == "int" and (":" in value or _OCTAL_RE.match(value)):
        number = yaml.safe_load(value)
        return f"`{value}` is read as the number {number}; quote it to keep it as typed"
    if tag == "float":
        number = yaml.safe_load(value)
        if ":" in value or (value.replace("_", "") != repr(number) and "." in value):
            return f"`{value}` is read as the number {number}; quote it to keep it as typed"
    if tag == "str":
        end = node.end_mark.index
        line_end = text.find("\n", end)
        rest = text[end : len(text) if line_end < 0 else line_end]
        if _COMMENT_AFTER_RE.match(rest):
            return (
                f"` #` starts a comment, so this value reads as {value!r}, not "
                f"{value + rest.rstrip()!r}; quote the whole value to keep the `#`"
            )
    return None


def find_traps(text: str, root: Node) -> list[FrontMatterWarning]:
    """Warnings for values YAML 1.1 reads differently from how they look, and duplicate keys."""
    warnings: list[FrontMatterWarning] = []
    if not isinstance(root, MappingNode):
        return warnings
    seen: set[int] = set()

    def visit(node: Node, top_key: str | None) -> None:
        """Walk one top-level value iteratively (aliases are visited once)."""
        stack = [node]
        while stack:
            current = stack.pop()
            if id(current) in seen:
                continue
            seen.add(id(current))
            if isinstance(current, ScalarNode):
                message = _scalar_trap(text, current)
                if message:
                    warnings.append(FrontMatterWarning(top_key, message))
            elif isinstance(current, SequenceNode):
                stack.extend(reversed(current.value))
            elif isinstance(current, MappingNode):
                keys: set[str] = set()
                for key_node, value_node in current.value:
                    if isinstance(key_node, ScalarNode):
                        if key_node.value in keys:
                            warnings.append(
                                FrontMatterWarning(
                                    key_node.value,
                                    f"the key `{key_node.value}` appears more than once; "
                                    "only the last value is used",
                                )
                            )
                        keys.add(key_node.value)
                    stack.append(value_node)

    counts = Counter(k.value for k, _ in root.value if isinstance(k, ScalarNode))
    for key_node, value_node in root.value:
        top = key_node.value if isinstance(key_node, ScalarNode) else None
        if top is not None and counts[top] > 1:
            counts[top] = 0
            warnings.append(
                FrontMatterWarning(
                    top, f"the key `{top}` appears more than once; only the last value is used"
                )
            )
        visit(value_node, top)
    return warnings
