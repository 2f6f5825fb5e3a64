"""SIGKILL a process in a save loop and count what each kill left on disk.

A child saves a post over and over, alternating a 3 MB and a 2 MB version; it is killed at a
random moment; the folder is then looked at before and after the next open's recovery
(``recover_folder``). With ``--hard-link`` the post has a second name (saved in place through
the journal), else it is an ordinary file (saved by rename). A writer's own ``.post.md.bak``
sits beside it the whole time.

    .venv/bin/python bench/kill_saves.py --kills 200 [--hard-link]
    .venv/bin/python bench/kill_saves.py --kills 50 --tag-rename

``--tag-rename``: the child renames a tag back and forth in 300 posts (batched saves, one of
them hard-linked); after each kill every post must be entirely one of its two versions.
"""

from __future__ import annotations

import argparse
import collections
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

CHILD = """
import sys
from pathlib import Path
from editor.core.storage import atomic_write
target = Path(sys.argv[1])
a = b"A" * 3_000_000 + b"\\n"
b = b"B" * 2_000_000 + b"\\n"
print("ready", flush=True)
i = 0
while True:
    atomic_write(target, a if i % 2 else b)
    i += 1
"""


RENAME_CHILD = """
import sys
from pathlib import Path
from editor.core.site.taxonomy import rename_term
paths = sorted(Path(sys.argv[1]).glob("*.md"))
print("ready", flush=True)
while True:
    old = "before" if b"[before" in paths[0].read_bytes() else "after"
    new = "after" if old == "before" else "before"
    report = rename_term(paths, "tags", old, new, batch_size=64)
    assert report.ok, report.failed
"""


def tag_rename_kills(kills: int, seed: int) -> int:
    """Kill a tag rename over 300 posts at random moments; count what each kill left."""
    from editor.core.storage import recover_folder

    folder = Path(tempfile.mkdtemp(prefix="post-editor-rename-kills-"))
    versions = {}
    for n in range(300):
        body = f"post {n} " * 2000 + "\n"
        path = folder / f"post-{n:03d}.md"
        path.write_text(f"---\ntitle: Post {n}\ntags: [before, x]\n---\n{body}")
        versions[path] = {
            path.read_bytes(),
            path.read_bytes().replace(b"[before, x]", b"[after, x]"),
        }
    os.link(folder / "post-150.md", folder / "linked.txt")
    rng = random.Random(seed)
    counts: collections.Counter[str] = collections.Counter()
    for _ in range(kills):
        child = subprocess.Popen(
            [sys.executable, "-c", RENAME_CHILD, str(folder)], cwd=ROOT, stdout=subprocess.PIPE
        )
        assert child.stdout is not None
        child.stdout.readline()
        time.sleep(rng.uniform(0.0, 1.0))
        child.send_signal(signal.SIGKILL)
        child.wait()
        child.stdout.close()
        torn = [p.name for p, valid in versions.items() if p.read_bytes() not in valid]
        state = f"{len(torn)} TORN" if torn else "every post old or new"
        counts["before recovery: " + state] += 1
        for line in recover_folder(folder):
            counts["recovery: " + line.split(": ", 1)[1]] += 1
        torn = [p.name for p, valid in versions.items() if p.read_bytes() not in valid]
        state = f"{len(torn)} TORN" if torn else "every post old or new"
        counts["after recovery: " + state] += 1
        if (folder / "linked.txt").read_bytes() != (folder / "post-150.md").read_bytes():
            counts["after recovery: hard links differ"] += 1
        mixed = {b"[before" in p.read_bytes() for p in versions}
        counts["renamed posts at the kill: " + ("some" if len(mixed) == 2 else "none or all")] += 1
        leftovers = [p.name for p in folder.iterdir() if p.name.startswith(".")]
        if leftovers:
            counts["leftovers after recovery"] += 1
    print(f"{kills} SIGKILLs during tag renames over 300 posts (batched saves):")
    for key, value in sorted(counts.items()):
        print(f"  {key}: {value}")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=100)
    parser.add_argument("--hard-link", action="store_true")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--tag-rename", action="store_true")
    args = parser.parse_args()
    if args.tag_rename:
        return tag_rename_kills(args.kills, args.seed)
    from editor.core.storage import recover_folder

    a = b"A" * 3_000_000 + b"\n"
    b = b"B" * 2_000_000 + b"\n"
    folder = Path(tempfile.mkdtemp(prefix="post-editor-kills-"))
    target = folder / "post.md"
    target.write_bytes(a)
    if args.hard_link:
        os.link(target, folder / "linked.md")
    backup = folder / ".post.md.bak"
    backup.write_bytes(b"the writer's own backup\n")
    expected = {"post.md", ".post.md.bak"} | ({"linked.md"} if args.hard_link else set())
    rng = random.Random(args.seed)
    counts: collections.Counter[str] = collections.Counter()
    for _ in range(args.kills):
        child = subprocess.Popen(
            [sys.executable, "-c", CHILD, str(target)], cwd=ROOT, stdout=subprocess.PIPE
        )
        assert child.stdout is not None
        child.stdout.readline()
        time.sleep(rng.uniform(0.0, 0.3))
        child.send_signal(signal.SIGKILL)
        child.wait()
        child.stdout.close()
        before = target.read_bytes()
        counts["before recovery: " + ("old or new" if before in (a, b) else "TORN")] += 1
        extra = sorted(p.name for p in folder.iterdir() if p.name not in expected)
        kinds = {n.rsplit(".", 1)[-1] for n in extra}
        counts["left: " + (", ".join(sorted(kinds)) or "nothing")] += 1
        for line in recover_folder(folder):
            counts["recovery: " + line.split(": ", 1)[1]] += 1
        after = target.read_bytes()
        counts["after recovery: " + ("old or new" if after in (a, b) else "TORN")] += 1
        if args.hard_link and (folder / "linked.md").read_bytes() != after:
            counts["after recovery: links differ"] += 1
        if backup.read_bytes() != b"the writer's own backup\n":
            counts["writer's .bak changed"] += 1
        if sorted(p.name for p in folder.iterdir()) != sorted(expected):
            counts["leftovers after recovery"] += 1
    mode = "hard-linked post (in place, journaled)" if args.hard_link else "plain post (rename)"
    print(f"{args.kills} SIGKILLs during saves of a {mode}:")
    for key, value in sorted(counts.items()):
        print(f"  {key}: {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
