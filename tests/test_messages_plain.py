"""Messages say what happened: binary files, read-only folders, folders given as posts, and
the crash handler that keeps tracebacks in a log."""

from __future__ import annotations

import errno
import sys
import threading
from pathlib import Path

import pytest

from editor import cli
from editor.core import storage
from editor.core.textio import TextDecodeError, binary_kind, decode_bytes
from editor.services import crash_report


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "JPEG"),
        (b"GIF89a\x01\x00", "GIF"),
        (b"%PDF-1.7\n%\xe2\xe3", "PDF"),
        (b"PK\x03\x04\x14\x00", "ZIP"),
        (b"\x7fELF\x02\x01", "program"),
        (b"hello\x00\x01\x02world" * 10, "binary data"),
    ],
)
def test_binary_files_are_called_binary(data: bytes, kind: str) -> None:
    with pytest.raises(TextDecodeError) as caught:
        decode_bytes(data)
    message = str(caught.value)
    assert "binary" in message and kind in message
    assert "Latin-1" not in message


@pytest.mark.parametrize(
    "data",
    [
        b"---\ntitle: x\n---\n",
        b"MZ is a fine start for a post",
        b"ID3 tags explained",
        "---\ntitle: x\n---\n".encode("utf-16"),
        "plain".encode("utf-16-le"),
    ],
)
def test_text_is_not_mistaken_for_binary(data: bytes) -> None:
    assert binary_kind(data) is None


def test_a_read_only_folder_is_named_as_the_folder(tmp_path: Path, monkeypatch) -> None:
    post = tmp_path / "post.md"
    post.write_text("old\n", encoding="utf-8")

    def refuse(*_args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied", str(tmp_path / ".post.md.x.tmp"))

    monkeypatch.setattr(storage.tempfile, "mkstemp", refuse)
    with pytest.raises(storage.SaveError) as caught:
        storage.atomic_write(post, b"new\n")
    assert f"the folder {tmp_path} is read-only" in str(caught.value)
    assert post.read_text(encoding="utf-8") == "old\n"


def test_a_folder_given_as_a_post_gets_a_plain_message(tmp_path: Path, capsys) -> None:
    for command in ("fm", "render", "publish"):
        status = cli.main([command, str(tmp_path)])
        err = capsys.readouterr().err
        assert status == 2
        assert "is a folder" in err and "Errno" not in err


def test_the_crash_handler_logs_and_shows_one_sentence(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(crash_report, "data_dir", lambda: tmp_path)
    shown: list[str] = []
    saved = sys.excepthook, threading.excepthook
    try:
        crash_report.install(shown.append)
        try:
            raise ValueError("boom in the main thread")
        except ValueError:
            sys.excepthook(*sys.exc_info())
        thread = threading.Thread(target=lambda: 1 / 0, name="worker")
        thread.start()
        thread.join()
    finally:
        sys.excepthook, threading.excepthook = saved
    log = (tmp_path / crash_report.LOG_NAME).read_text(encoding="utf-8")
    assert "Traceback" in log and "boom in the main thread" in log
    assert "ZeroDivisionError" in log and "thread worker" in log
    assert len(shown) == 2
    assert all("Traceback" not in text and str(tmp_path) in text for text in shown)
    assert "ValueError: boom in the main thread" in shown[0]


def test_an_unexpected_error_in_a_command_is_logged_not_printed(
    tmp_path: Path, monkeypatch, capsys
) -> None:
    monkeypatch.setattr(crash_report, "data_dir", lambda: tmp_path)
    post = tmp_path / "post.md"
    post.write_text("---\ntitle: x\n---\n", encoding="utf-8")

    def broken(_args):
        raise KeyError("surprise")

    monkeypatch.setattr(cli, "cmd_fm", broken)
    parser = cli.build_parser
    monkeypatch.setattr(
        cli,
        "build_parser",
        lambda: _with_run(parser(), broken),
    )
    status = cli.main(["fm", str(post)])
    err = capsys.readouterr().err
    assert status == 1
    assert "Traceback" not in err and "unexpected error" in err
    assert "surprise" in (tmp_path / crash_report.LOG_NAME).read_text(encoding="utf-8")


def _with_run(parser, run):
    for action in parser._subparsers._group_actions:  # the "fm" subcommand runs `run`
        action.choices["fm"].set_defaults(run=run)
    return parser


def test_logged_errors_keep_tracebacks_off_stderr(tmp_path: Path, monkeypatch, capsys) -> None:
    import logging

    monkeypatch.setattr(crash_report, "data_dir", lambda: tmp_path)
    root = logging.getLogger()
    saved = list(root.handlers), root.level
    try:
        crash_report.configure_logging()
        try:
            raise RuntimeError("worker trouble")
        except RuntimeError:
            logging.getLogger("editor.test").exception("render request failed")
        for handler in root.handlers:
            handler.flush()
    finally:
        for handler in list(root.handlers):
            root.removeHandler(handler)
            handler.close()
        for handler in saved[0]:
            root.addHandler(handler)
        root.setLevel(saved[1])
    err = capsys.readouterr().err
    assert "render request failed" in err and "RuntimeError: worker trouble" in err
    assert "Traceback" not in err
    assert "Traceback" in (tmp_path / "editor.log").read_text(encoding="utf-8")
