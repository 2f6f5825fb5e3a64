"""Desktop metadata: the validators pass, and every file names the application the same way."""

from __future__ import annotations

import configparser
import json
import re
import shutil
import struct
import subprocess
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml

from editor import __version__
from editor.core import identity

ROOT = Path(__file__).resolve().parents[1]
PACKAGING = ROOT / "packaging"
DESKTOP = PACKAGING / f"{identity.APP_ID}.desktop"
METAINFO = PACKAGING / f"{identity.APP_ID}.metainfo.xml"
FLATPAK = PACKAGING / f"{identity.APP_ID}.yml"


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.skip(f"{name} is not installed (Debian: apt install {name})")
    return path


def test_the_desktop_file_validates() -> None:
    result = subprocess.run(
        [_tool("desktop-file-validate"), str(DESKTOP)], capture_output=True, text=True
    )
    assert (result.returncode, result.stdout + result.stderr) == (0, "")


def test_the_metainfo_validates() -> None:
    # --no-net: tests never reach the network (the metainfo names no web address anyway).
    tool = _tool("appstreamcli")
    result = subprocess.run(
        [tool, "validate", "--no-net", "--explain", str(METAINFO)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
    # Errors and warnings fail; info and pedantic notes (the id's capitals) are allowed.
    assert not re.search(r"^[EW]: ", result.stdout, re.M), result.stdout


def test_flatpak_builder_reads_the_manifest_without_a_complaint(tmp_path: Path) -> None:
    """flatpak-builder-lint is not packaged for Debian or PyPI; flatpak-builder itself warns
    about every property it does not know while it reads the manifest and its modules."""
    tool = _tool("flatpak-builder")
    result = subprocess.run(  # in tmp_path: it leaves a .flatpak-builder folder behind
        [tool, "--show-manifest", str(FLATPAK)], capture_output=True, text=True, cwd=tmp_path
    )
    assert (result.returncode, result.stderr) == (0, "")
    manifest = json.loads(result.stdout)
    assert manifest["id"] == identity.APP_ID
    assert [module["name"] for module in manifest["modules"]] == ["python3-deps", "post-editor"]


def _desktop_entry() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str
    parser.read(DESKTOP, encoding="utf-8")
    return parser["Desktop Entry"]


def test_the_desktop_file_names_the_application_as_the_program_does() -> None:
    entry = _desktop_entry()
    assert entry["Name"] == identity.DISPLAY_NAME
    assert entry["Icon"] == identity.APP_ID
    assert entry["Exec"].split()[0] == identity.APP_NAME
    assert entry["StartupWMClass"] == identity.APP_NAME
    assert {"text/markdown", "text/x-markdown"} <= set(entry["MimeType"].split(";"))
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert identity.APP_NAME in scripts["scripts"]


def _png_size(path: Path) -> tuple[int, int]:
    return struct.unpack(">II", path.read_bytes()[16:24])


def test_the_metainfo_agrees_with_the_program_and_the_changelog() -> None:
    root = ET.parse(METAINFO).getroot()
    assert root.findtext("id") == identity.APP_ID
    assert root.findtext("name") == identity.DISPLAY_NAME
    assert root.findtext("project_license") == identity.LICENSE
    assert root.findtext("launchable") == DESKTOP.name
    newest = root.find("releases/release")
    assert newest is not None and newest.get("version") == __version__
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    released = re.findall(r"^## (\d[\w.]*) — (\d{4}-\d\d-\d\d)$", changelog, re.M)
    assert released[0] == (__version__, newest.get("date"))


def test_no_file_names_a_web_address_the_project_does_not_have() -> None:
    """The project has no web site: a made-up homepage would send writers nowhere. The
    documentation is the README that comes with the program; the metadata leaves the links out.
    (The Flatpak dependency list names PyPI's real files and is not checked here.)"""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert "urls" not in config["project"]
    root = ET.parse(METAINFO).getroot()
    assert root.findall("url") == [] and root.findall("screenshots") == []
    for path in (
        ROOT / "pyproject.toml",
        METAINFO,
        DESKTOP,
        FLATPAK,
        ROOT / "editor" / "core" / "identity.py",
        ROOT / "editor" / "ui" / "about_dialog.py",
        ROOT / "CHANGELOG.md",
    ):
        text = path.read_text(encoding="utf-8")
        assert re.findall(r"https?://\S+", text) == [], path.name


def test_the_icon_files_exist_at_every_size() -> None:
    hicolor = ROOT / "resources" / "icons" / "hicolor"
    for size in (16, 24, 32, 48, 64, 128, 256, 512):
        png = hicolor / f"{size}x{size}" / "apps" / f"{identity.APP_ID}.png"
        assert _png_size(png) == (size, size)
    assert (PACKAGING / "icons" / "post-editor.ico").read_bytes()[:4] == b"\0\0\1\0"
    assert (PACKAGING / "icons" / "post-editor.icns").read_bytes()[:4] == b"icns"


def _runtime_dependencies() -> set[str]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    names = {
        re.match(r"[A-Za-z0-9_.-]+", dep).group(0).lower()
        for dep in config["project"]["dependencies"]
    }
    return names - {"pyside6"}  # the PySide BaseApp provides it


def test_the_flatpak_manifest_brings_every_dependency_pinned() -> None:
    manifest = yaml.safe_load(FLATPAK.read_text(encoding="utf-8"))
    assert manifest["app-id"] == identity.APP_ID
    assert manifest["command"] == identity.APP_NAME
    deps_file, app = manifest["modules"]
    deps = yaml.safe_load((PACKAGING / deps_file).read_text(encoding="utf-8"))
    wheels = {}
    for source in deps["sources"]:
        assert re.fullmatch(r"[0-9a-f]{64}", source["sha256"]), source
        filename = source["url"].rsplit("/", 1)[1]
        project = re.split(r"-\d", filename)[0].lower().replace("_", "-")
        wheels.setdefault(project, set()).update(source.get("only-arches", ["x86_64", "aarch64"]))
    for project in _runtime_dependencies() | {"wcwidth"}:
        assert wheels.get(project) == {"x86_64", "aarch64"}, project
        assert project in deps["build-commands"][0]
    installed = " ".join(app["build-commands"])
    for path in (DESKTOP, METAINFO):
        assert f"{path.relative_to(ROOT)} " in installed
    assert "resources/icons/hicolor/" in installed
