"""Helpers for the front-matter form tests: a small Jekyll site and line-level diff checks."""

from __future__ import annotations

import re
import struct
import zlib
from pathlib import Path

RICH_POST = """---
# A comment that must survive
layout: post
title: "Hello: world"
date: 2019-08-08 11:33:00 +0800
excerpt: >
  A short summary
  on two lines.
published: true
tags: [python, qt]
categories:
  - notes
image: /assets/images/a.png
header:
  image: /assets/images/a.png
  caption: "Photo"
weight: 3
---
Body text stays.
"""


def write(path: Path, data: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, bytes):
        path.write_bytes(data)
    else:
        path.write_bytes(data.encode("utf-8"))
    return path


def make_site(root: Path, schema_file: str | None = None) -> Path:
    """A Jekyll site with three posts; returns the path of the rich one."""
    write(root / "_config.yml", "title: Test blog\n")
    write(root / "_layouts/post.html", "{{ content }}")
    write(root / "_layouts/page.html", "{{ content }}")
    write(root / "assets/images/a.png", _PNG)
    write(root / "_posts/2020-01-01-one.md", "---\ntitle: One\ntags: [python, rust]\n---\nx\n")
    write(root / "_posts/2020-01-02-two.md", "---\ntitle: Two\ntags: [python]\nlayout: page\n---\n")
    if schema_file is not None:
        write(root / ".post-editor.yml", schema_file)
    return write(root / "_posts/2019-08-08-rich.md", RICH_POST)


def key_blocks(text: str) -> tuple[list[tuple[str, str]], str]:
    """Split YAML front matter into (top-level key, its lines) blocks, plus the rest of the file."""
    lines = text.splitlines(keepends=True)
    assert lines[0].strip() == "---"
    end = next(i for i in range(1, len(lines)) if lines[i].strip() == "---")
    blocks: list[tuple[str, str]] = []
    for line in lines[1:end]:
        match = re.match(r"^([^\s#-][^:]*):", line)
        if match:
            blocks.append((match.group(1), line))
        elif blocks:
            blocks[-1] = (blocks[-1][0], blocks[-1][1] + line)
        else:
            blocks.append(("", line))
    return blocks, "".join(lines[end:])


def changed_keys(before: str, after: str) -> set[str]:
    """The top-level keys whose lines differ; fails if order, comments or the body changed."""
    old, old_rest = key_blocks(before)
    new, new_rest = key_blocks(after)
    assert old_rest == new_rest, "the body or the closing delimiter changed"
    old_keys = [k for k, _ in old]
    new_keys = [k for k, _ in new]
    common = [k for k in old_keys if k in new_keys]
    assert common == [k for k in new_keys if k in old_keys], "key order changed"
    old_map, new_map = dict(old), dict(new)
    changed = {k for k in common if old_map[k] != new_map[k]}
    return changed | (set(old_keys) ^ set(new_keys))


def _png() -> bytes:
    """A valid 2x2 PNG, built here so the test data needs no binary file."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 2, 2, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\x00\x00\xff\x00\x00" * 2)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


_PNG = _png()
