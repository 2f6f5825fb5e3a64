"""No traceback ever reaches the writer: fuzzed bad arguments and files through the CLI.

Every run must end with status 0, 1 or 2 (2: a usage error, as argparse's own) and print no
"Traceback"; an uncaught exception fails the test. A few runs go through the real program
(``python -m editor``), where the crash handler is the last line of defence.
"""

from __future__ import annotations

import contextlib
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from editor import cli

FILES = {
    "post": b"---\ntitle: Hi\ntags: [a, b]\ndate: 2024-01-02 10:00:00 +02:00\n---\nBody\n",
    "toml": b'+++\ntitle = "Hi"\ndate = 2024-01-02T10:00:00Z\n+++\nBody\n',
    "json": b'{\n  "title": "Hi"\n}\nBody\n',
    "empty": b"",
    "png": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)),
    "latin1": "---\ntitle: caf\xe9\n---\n".encode("latin-1"),
    "utf16": "---\ntitle: x\n---\n".encode("utf-16"),
    "utf32": "---\ntitle: x\n---\n".encode("utf-32"),
    "bad-yaml": b"---\ntitle: [oops\n---\nBody\n",
    "list-fm": b"---\n- a\n- b\n---\n",
    "unclosed": b"---\ntitle: x\n",
    "python-tag": b"---\nx: !!python/object/apply:os.system ['true']\n---\n",
    "bomb": b"---\na: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
    b"c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n"
    b"e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n---\n",
    "deep": b"---\nx: " + b"[" * 3000 + b"]" * 3000 + b"\n---\n",
    "surrogates": b'---\ntitle: "\\uD83D\\uDC69 and \\uD83D"\n---\n',
    "dupes": b"---\ntitle: a\ntitle: b\nmode: 0755\nversion: 1.10\n---\n",
    "nul": b"---\ntitle: a\x00b\n---\n",
    "crlf": b"---\r\ntitle: x\r\n---\r\nBody\r\n",
    "huge-fm": b"---\n" + b"".join(b"k%d: v\n" % i for i in range(6000)) + b"---\n",
}
VALUES = st.one_of(
    st.sampled_from(
        [
            "tomorrow",
            "2024-02-30",
            "[unclosed",
            "{a: 1",
            "!!python/object:os.system",
            "&a [1]",
            "*a",
            '"\\uD83D"',
            '"\\uD83D\\uDC69"',
            "a, b, c",
            ",,,",
            "",
            "null",
            "~",
            "0755",
            "yes",
            "- a\n- b",
            "a: b: c",
            "[" * 500,
            "\x00",
            "\ud83d",
        ]
    ),
    st.text(max_size=30),
)
KEYS = st.sampled_from(
    ["title", "Title", "date", "tags", "draft", "x.y", "tags.0", "", " ", "a=b", "date.x"]
)


@st.composite
def argv(draw, root: Path) -> list[str]:
    name = draw(st.sampled_from([*FILES, "missing", "folder", "readonly-folder-post"]))
    target = {
        "missing": str(root / "nope.md"),
        "folder": str(root),
        "readonly-folder-post": str(root / "ro" / "post.md"),
    }.get(name, str(root / f"{name}.md"))
    command = draw(
        st.sampled_from(["fm", "render", "new", "publish", "unpublish", "check", "bogus"])
    )
    args = [command]
    if command == "fm":
        args.append(target)
        for _ in range(draw(st.integers(0, 3))):
            if draw(st.booleans()):
                args += ["--set", f"{draw(KEYS)}={draw(VALUES)}"]
            else:
                args += ["--unset", draw(KEYS)]
    elif command == "render":
        args.append(target)
        args += draw(
            st.sampled_from(
                [[], ["-o", "-"], ["-o", str(root / "out.html")], ["-o", target], ["--theme"]]
            )
        )
        args += draw(st.sampled_from([[], ["--theme", "dark"], ["--theme", "neon"]]))
    elif command == "new":
        args.append(draw(st.one_of(VALUES, st.just("A post"))))
        # always a --site: without one, `new` writes into the current folder
        args += draw(st.sampled_from([["--site", str(root)], ["--draft", "--site", str(root)]]))
        args += draw(st.sampled_from([[], ["--site", target]]))
    elif command in ("publish", "unpublish"):
        args.append(target)
    elif command == "check":
        args += [target, *draw(st.sampled_from([[], ["--json"], ["--fix"]]))]
    else:
        args += draw(st.lists(st.text(max_size=5), max_size=3))
    return args


def _site(root: Path) -> None:
    (root / "_config.yml").write_text("title: fuzz\n", encoding="utf-8")
    for name, data in FILES.items():
        (root / f"{name}.md").write_bytes(data)
    folder = root / "ro"
    folder.mkdir(exist_ok=True)
    (folder / "post.md").write_bytes(FILES["post"])
    folder.chmod(0o555)


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("fuzz-site")
    _site(root)
    yield root
    (root / "ro").chmod(0o755)


def run(args: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            status = cli.main(args)
        except SystemExit as exc:  # argparse's usage errors
            status = exc.code if isinstance(exc.code, int) else 2
    return status, out.getvalue(), err.getvalue()


def assert_no_traceback(out: str, err: str) -> None:
    """stderr never has one; stdout (a page may show Pygments' ``Generic.Traceback`` style)
    never has Python's own."""
    assert "Traceback" not in err, err
    assert "Traceback (most recent call last)" not in out


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(data=st.data())
def test_fuzzed_commands_never_print_a_traceback(site: Path, data) -> None:
    args = data.draw(argv(site))
    status, out, err = run(args)
    assert status in (0, 1, 2), (args, err)
    assert_no_traceback(out, err)
    if status != 0:  # a failure always says what was wrong (check: its findings, on stdout)
        assert (err + out if args[0] == "check" else err).strip(), args


@pytest.mark.parametrize(
    "args",
    [
        ["fm", "{root}/png.md"],
        ["fm", "{root}"],
        ["fm", "{root}/surrogates.md"],
        ["render", "{root}/bad-yaml.md", "-o", "-"],
        ["fm", "{root}/post.md", "--set", 'title="\\uD83D"'],
        ["fm"],
        ["render", "--theme", "neon", "{root}/post.md"],
    ],
)
def test_the_real_program_prints_no_traceback(site: Path, args: list[str]) -> None:
    argv = [a.format(root=site) for a in args]
    env = {**os.environ, "PYTHONIOENCODING": "ascii"}  # the strictest console
    done = subprocess.run(
        [sys.executable, "-m", "editor", *argv],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert_no_traceback(done.stdout, done.stderr)
    assert done.returncode in (0, 1, 2)
    assert done.stderr.strip() or done.returncode == 0


def test_fm_states_yaml_1_1_readings_and_duplicates_on_stderr(site: Path) -> None:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        assert cli.main(["fm", str(site / "dupes.md")]) == 0
    text = err.getvalue()
    assert "493" in text and "0755" in text
    assert "1.1" in text and "1.10" in text
    assert "more than once" in text
    assert out.getvalue().lstrip().startswith("{")  # stdout stays JSON
