"""SIGKILL a process in a save loop and count what each kill left on disk.

A child saves a post over and over, alternating a 3 MB and a 2 MB version; it is killed at a
random moment; the folder is then looked at before and after the next open's recovery
(``recover_folder``). With ``--hard-link`` the post has a second name (saved in place through
the journal), else it is an ordinary file (saved by rename). A writer's own ``.post.md.bak``
sits beside it the whole time.

    .venv/bin/python bench/kill_saves.py --kills 200 [--hard-link]
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=100)
    parser.add_argument("--hard-link", action="store_true")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
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
