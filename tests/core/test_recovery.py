"""The recovery journal without Qt: whole entries, orphans offered, live sessions left alone."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from editor.core.recovery import RecoveryEntry, RecoveryJournal, unified_diff
from editor.core.storage import FileStamp

TEXT = "---\ntitle: Été\n---\nnon\u00a0breaking, emoji 🎉, U+2028 \u2028 end\r\n".encode()


def _entry(journal: RecoveryJournal, path: Path | None, data: bytes = TEXT) -> RecoveryEntry:
    stamp = FileStamp.of(path) if path else None
    return RecoveryEntry(journal.new_key(), path, stamp, data, time.time())


def test_entry_round_trips_bytes_exactly(tmp_path: Path) -> None:
    post = tmp_path / "post.md"
    post.write_bytes(b"old\n")
    entry = RecoveryEntry("s-1", post, FileStamp.of(post), TEXT + b"\xff\xfe", 12.5, tmp_path)
    back = RecoveryEntry.from_bytes(entry.to_bytes())
    assert back == entry
    assert not back.disk_changed()
    post.write_bytes(b"new\n")
    assert back.disk_changed()


def test_truncated_entry_is_refused() -> None:
    raw = RecoveryEntry("s-1", None, None, TEXT, 1.0).to_bytes()
    try:
        RecoveryEntry.from_bytes(raw[:-1])
    except ValueError:
        pass
    else:
        raise AssertionError("a truncated entry was accepted")


def test_own_entries_are_not_orphans_until_the_session_ends(tmp_path: Path) -> None:
    folder = tmp_path / "recovery"
    journal = RecoveryJournal(folder)
    entry = _entry(journal, None)
    journal.write(entry)
    assert journal.flush()
    assert journal.entry_path(entry.key).is_file()
    other = RecoveryJournal(folder)  # a second editor running at the same time
    assert other.orphaned_entries() == []
    journal.close()  # ended without saving or discarding: the entry stays for later
    found = other.orphaned_entries()
    assert [e.data for e in found] == [TEXT]


def test_remove_deletes_the_entry(tmp_path: Path) -> None:
    journal = RecoveryJournal(tmp_path / "recovery")
    entry = _entry(journal, None)
    journal.write(entry)
    journal.remove(entry.key)
    assert journal.flush()
    assert not journal.entry_path(entry.key).exists()
    journal.close()
    assert sorted(p.name for p in (tmp_path / "recovery").iterdir()) == []


_KILLED = """
import sys, time
from pathlib import Path
from editor.core.recovery import RecoveryEntry, RecoveryJournal
journal = RecoveryJournal(Path(sys.argv[1]))
journal.write_now(RecoveryEntry(journal.new_key(), None, None, sys.argv[2].encode(), time.time()))
print("written", flush=True)
time.sleep(60)
"""


def test_entries_of_a_killed_editor_are_offered(tmp_path: Path) -> None:
    folder = tmp_path / "recovery"
    root = Path(__file__).resolve().parents[2]
    child = subprocess.Popen(
        [sys.executable, "-c", _KILLED, str(folder), "typed words"],
        cwd=root,
        stdout=subprocess.PIPE,
    )
    assert child.stdout is not None
    assert child.stdout.readline().strip() == b"written"
    journal = RecoveryJournal(folder)
    assert journal.orphaned_entries() == []  # still running: its lock is held
    child.kill()
    child.wait(timeout=10)
    child.stdout.close()
    found = journal.orphaned_entries()
    assert [e.data for e in found] == [b"typed words"]
    key = journal.adopt(found[0])
    assert journal.orphaned_entries() == []
    assert journal.entry_path(key).is_file()
    journal.close()


def test_journal_never_writes_next_to_the_post(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    post = site / "post.md"
    post.write_bytes(b"old\n")
    journal = RecoveryJournal(tmp_path / "data" / "recovery")
    journal.write(_entry(journal, post))
    journal.flush()
    journal.close()
    assert sorted(os.listdir(site)) == ["post.md"]


def test_unified_diff_is_readable() -> None:
    diff = unified_diff("a\nb\n", "a\nc", "on disk", "unsaved")
    assert "--- on disk" in diff and "+++ unsaved" in diff
    assert "-b\n" in diff and "+c\n" in diff
    assert unified_diff("same", "same", "x", "y") == "The two versions are identical.\n"
