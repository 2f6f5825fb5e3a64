"""The render worker's channel and process: whole messages both ways, the end of the other
side reported, the worker started as a plain child (frozen or not)."""

from __future__ import annotations

import os
import signal
import socket
import sys
import threading
from pathlib import Path

import pytest

from editor.core.render import RenderContext
from editor.services import render_process, render_server
from editor.services.render_messages import Full, Page, Ready, Reset, Stop
from editor.services.render_pipe import Channel, channel_pair


def test_messages_cross_whole_both_ways() -> None:
    ours, sock = channel_pair()
    theirs = Channel(sock)
    try:
        ctx = RenderContext()
        ours.send(Reset(1, "body", ctx))
        assert theirs.poll(5)
        assert theirs.recv() == Reset(1, "body", ctx)
        theirs.send(Ready(1))
        assert ours.recv() == Ready(1)
        assert not ours.poll()
    finally:
        ours.close()
        theirs.close()


def test_a_message_larger_than_the_socket_buffer_arrives_whole() -> None:
    ours, sock = channel_pair()
    theirs = Channel(sock)
    page = Page(7, "<p>" + "x" * 3_000_000 + "</p>", "", "head")
    sender = threading.Thread(target=theirs.send, args=(page,))
    sender.start()
    try:
        assert ours.recv() == page
    finally:
        sender.join(10)
        ours.close()
        theirs.close()


def test_a_message_written_in_pieces_is_read_as_one() -> None:
    ours, sock = channel_pair()
    writer, reader = socket.socketpair()
    spy = Channel(writer)
    spy.send(Ready(3))
    data = reader.recv(1000)  # the bytes a message is made of, to write in pieces
    reader.close()
    spy.close()

    def trickle() -> None:
        for byte in data:
            sock.sendall(bytes([byte]))

    sender = threading.Thread(target=trickle)
    sender.start()
    try:
        assert ours.recv() == Ready(3)
    finally:
        sender.join(10)
        ours.close()
        sock.close()


def test_the_other_side_closing_is_an_end_of_file() -> None:
    ours, sock = channel_pair()
    sock.close()
    assert ours.poll(5)  # the event loop is woken, and the read says why
    with pytest.raises(EOFError):
        ours.recv()
    ours.close()


def test_the_worker_command_runs_the_server_module_or_the_frozen_program(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delattr(sys, "frozen", raising=False)
    command = render_process.worker_command({"full": "5", "fast": "6"}, 10)
    assert command[0] == sys.executable
    server = ["-m", "editor.services.render_server"]
    assert command[-6:] == [*server, "--nice", "10", "full=5", "fast=6"]
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", "/opt/post-editor/post-editor")
    assert render_process.worker_command({"a": "9"}, 0) == [
        "/opt/post-editor/post-editor",
        "--render-worker",
        "--nice",
        "0",
        "a=9",
    ]


def test_the_server_refuses_a_command_line_without_roles(capsys) -> None:
    assert render_server.main(["--nice", "3"]) == 2
    assert "usage" in capsys.readouterr().err


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_the_worker_renders_without_multiprocessing_and_its_death_is_seen() -> None:
    process, conns = render_process.spawn_roles("plain-test", ("a", "b"))
    try:
        conns["a"].send(Full(1, "Hello *there*\n", RenderContext()))
        answer = conns["a"].recv()
        assert isinstance(answer, Page) and "<em>there</em>" in answer.html
        conns["b"].send(Reset(2, "x", RenderContext()))
        assert conns["b"].recv() == Ready(2)
        maps = Path(f"/proc/{process.pid}/maps").read_text()
        assert "_multiprocessing" not in maps  # multiprocessing's C part was never loaded
        assert (
            "editor.services.render_server"
            in Path(f"/proc/{process.pid}/cmdline").read_bytes().decode()
        )
        os.kill(process.pid, signal.SIGKILL)
        process.join(10)
        assert not process.is_alive()
        with pytest.raises(EOFError):
            conns["a"].recv()
    finally:
        process.kill()
        process.join(5)
        for conn in conns.values():
            conn.close()


def test_a_worker_ends_once_each_role_is_told_to_stop() -> None:
    process, conns = render_process.spawn_roles("stop-test", ("a", "b"))
    try:
        conns["a"].send(Stop())
        process.join(1)
        assert process.is_alive()  # role b still served
        conns["b"].send(Reset(1, "x", RenderContext()))
        assert conns["b"].recv() == Ready(1)
        conns["b"].send(Stop())
        process.join(20)
        assert process.exitcode == 0
    finally:
        process.kill()
        process.join(5)
        for conn in conns.values():
            conn.close()


def test_the_worker_environment_adds_a_checkout_but_never_site_packages(tmp_path) -> None:
    import site

    from editor.services.render_process import worker_environment

    checkout = str(tmp_path)
    env = worker_environment({"PYTHONPATH": "/elsewhere", "HOME": "/h"}, checkout)
    assert env["PYTHONPATH"].split(os.pathsep) == [checkout, "/elsewhere"] and env["HOME"] == "/h"
    installed = site.getsitepackages()[0]
    env = worker_environment({"HOME": "/h"}, installed)
    assert "PYTHONPATH" not in env
