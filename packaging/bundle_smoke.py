"""make bundle-smoke: does the built bundle start, render its preview and run its commands?

    python packaging/bundle_smoke.py dist/post-editor

Runs the bundle's ``--version``, ``--self-test`` (the libraries' data files), ``render`` (a
plain post, Liquid, math and emoji) and ``check`` (the sample's mojibake post), then opens its
window (offscreen unless QT_QPA_PLATFORM says otherwise) on a copy of the sample site's post
with ``--exit-when-rendered``: the program quits once the preview has shown the rendered page,
which only a working render worker can produce. Prints the bundle's size and the start-up
time; exits 1 on any failure. Settings and data go to a temporary folder.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
POST = "_posts/2024-05-18-a-walk-in-the-hills.md"
LIQUID_POST = "_posts/2023-11-02-notes-on-code.markdown"
# What a bundle missing a part prints on the way (the spec leaves out too much, or too little
# was collected): a Python traceback, QtWebEngine without its resources or its locale.
BROKEN = re.compile(
    r"Traceback|No module named|could not find the translation file|resources not found"
    r"|Failed to load .*\.pak",
    re.I,
)
TITLE = "A walk in the hills"
MOJIBAKE_POST = "_posts/2025-09-02-putin-xi-talks.md"
# Math (kramdown's $$…$$, inline and display) and emoji shortcodes, on a copy of the sample site
# that lists jemoji: latex2mathml's and emoji's data files must be in the bundle.
MATH_POST = "_posts/2025-01-04-math-and-emoji.md"
MATH_TEXT = """---
title: Math and emoji
---

Pythagoras: $$a^2 + b^2 = c^2$$, and a party :tada: with a :smile:.

$$
\\frac{1}{2} \\sum_{i=1}^{n} \\alpha_i
$$
"""


def version() -> str:
    text = (ROOT / "editor" / "__init__.py").read_text(encoding="utf-8")
    match = re.search(r'__version__ = "([^"]+)"', text)
    if match is None:
        raise SystemExit("editor/__init__.py names no version")
    return match.group(1)


def folder_size(folder: Path) -> int:
    return sum(p.lstat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def check(ok: bool, what: str, detail: str = "") -> bool:
    print(f"{'ok  ' if ok else 'FAIL'} {what}")
    if detail and not ok:
        print(detail.rstrip())
    return ok


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    bundle = Path(argv[1])
    program = bundle / ("post-editor.exe" if sys.platform == "win32" else "post-editor")
    if not program.is_file():
        print(f"no bundle at {bundle}: run make bundle first", file=sys.stderr)
        return 1
    print(f"bundle {bundle}: {folder_size(bundle) / 2**20:.0f} MiB")
    results = []
    with tempfile.TemporaryDirectory(prefix="bundle-smoke-") as tmp:
        env = dict(os.environ, POST_EDITOR_DATA_DIR=f"{tmp}/data")
        env["POST_EDITOR_CONFIG_DIR"] = f"{tmp}/config"
        env.setdefault("QT_QPA_PLATFORM", "offscreen")
        site = Path(tmp) / "site"
        shutil.copytree(ROOT / "resources" / "sample_site", site)
        post = site / POST

        run = subprocess.run(
            [program, "--version"], capture_output=True, text=True, env=env, timeout=60
        )
        expected = f"post-editor {version()}"
        results.append(check(run.stdout.strip() == expected, f"--version: {expected}", run.stderr))

        run = subprocess.run(
            [program, "render", post], capture_output=True, text=True, env=env, timeout=60
        )
        rendered = run.returncode == 0 and f"<title>{TITLE}</title>" in run.stdout
        results.append(check(rendered, "render: the post as a page", run.stderr))

        # The Liquid engine (python-liquid and what it imports) must be in the bundle too.
        liquid_post = site / LIQUID_POST
        run = subprocess.run(
            [program, "render", liquid_post], capture_output=True, text=True, env=env, timeout=60
        )
        evaluated = (
            run.returncode == 0
            and 'class="highlight"' in run.stdout
            and "Site title: Field Notes." in run.stdout
        )
        results.append(check(evaluated, "render: Liquid evaluated by the engine", run.stderr))

        if os.name != "nt":
            # Started through a link on PATH (~/.local/bin/post-editor), as installs often do:
            # the bundle must still find its own folder.
            link = Path(tmp) / "bin" / "post-editor"
            link.parent.mkdir()
            link.symlink_to(program.resolve())
            run = subprocess.run(
                [link, "render", post], capture_output=True, text=True, env=env, timeout=60
            )
            linked = run.returncode == 0 and f"<title>{TITLE}</title>" in run.stdout
            results.append(check(linked, "render: started through a symbolic link", run.stderr))

        # The libraries' own data files: dictionaries, symbol tables, emoji names, lexers.
        run = subprocess.run(
            [program, "--self-test"], capture_output=True, text=True, env=env, timeout=60
        )
        print(run.stdout.rstrip())
        results.append(check(run.returncode == 0, "--self-test: every probe", run.stderr))

        with (site / "_config.yml").open("a", encoding="utf-8") as config:
            config.write("plugins:\n  - jemoji\n")
        (site / MATH_POST).write_text(MATH_TEXT, encoding="utf-8")
        run = subprocess.run(
            [program, "render", site / MATH_POST],
            capture_output=True,
            text=True,
            env=env,
            timeout=60,
        )
        page = html.unescape(run.stdout)
        typeset = (
            run.returncode == 0
            and page.count("<math") == 2
            and "<mfrac>" in page
            and "∑" in page
            and re.search(r'class="[^"]*pe-math-error', page) is None
        )
        results.append(check(typeset, "render: math as MathML", run.stderr))
        emoji_shown = run.returncode == 0 and "🎉" in page and "😄" in page
        results.append(check(emoji_shown, "render: emoji shortcodes on a jemoji site", run.stderr))

        run = subprocess.run(
            [program, "check", "--json", site / MOJIBAKE_POST],
            capture_output=True,
            text=True,
            env=env,
            timeout=60,
        )
        try:
            rules = [finding["rule"] for finding in json.loads(run.stdout)]
        except ValueError:
            rules = []
        results.append(
            check("mojibake" in rules, "check: the imported post's mojibake", run.stderr)
        )

        started = time.time()
        run = subprocess.run(
            [program, "--exit-when-rendered", post],
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
        )
        ended = time.time()
        shown = re.search(r"^rendered-at (\d+\.\d+)$", run.stdout, re.M)
        restarts = "restarting it" in run.stderr
        broken = BROKEN.search(run.stderr)
        ok = run.returncode == 0 and shown is not None and not restarts and broken is None
        results.append(check(ok, "window: the preview rendered the post", run.stdout + run.stderr))
        if shown is not None:
            print(f"start-up to the rendered preview: {float(shown.group(1)) - started:.2f} s")
        print(f"start to exit: {ended - started:.2f} s")
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
