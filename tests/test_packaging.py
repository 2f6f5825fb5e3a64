"""The sdist and wheel: they build without a warning, carry what they must, and the wheel works.

The wheel test installs into a fresh virtual environment and runs the installed command. A full
install from an index would download PySide6 (about 600 MB) and take minutes, so the fresh
environment installs the wheel alone (``--no-deps --no-index``) and sees this environment's
already installed dependencies through a ``.pth`` path line. A path line adds the folder to
``sys.path`` without running the folder's own ``.pth`` files, so this checkout's editable
install stays out: the test asserts that ``editor`` is imported from the wheel's copy.
"""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import tarfile
import tomllib
import zipfile
from pathlib import Path

import pytest

from editor import __version__
from editor.core.paths import resources_dir

ROOT = Path(__file__).resolve().parents[1]
SAMPLE_POST = "sample_site/_posts/2024-05-18-a-walk-in-the-hills.md"


def test_resources_are_found():
    folder = resources_dir()
    assert (folder / "sample_site" / "_config.yml").is_file()
    assert (folder / "templates" / "new_post.md").is_file()


def test_the_version_has_one_home():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert "version" not in config["project"]
    assert config["project"]["dynamic"] == ["version"]
    assert config["tool"]["setuptools"]["dynamic"]["version"] == {"attr": "editor.__version__"}
    assert config["tool"]["setuptools"]["package-dir"]["editor.resources"] == "resources"


def _source_files(folder: Path) -> set[str]:
    return {
        p.relative_to(folder).as_posix()
        for p in folder.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    }


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, str]:
    """(sdist, wheel, build output): ``python -m build``, offline, the wheel made from the sdist."""
    out = tmp_path_factory.mktemp("dist")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    result = subprocess.run(
        [sys.executable, "-m", "build", "--no-isolation", "--outdir", str(out), str(ROOT)],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    (sdist,) = out.glob("*.tar.gz")
    (wheel,) = out.glob("*.whl")
    return sdist, wheel, result.stdout + result.stderr


def test_the_build_prints_no_warning(built):
    output = built[2].lower()
    assert "would be ignored" not in output
    assert "warning" not in output, [line for line in output.splitlines() if "warning" in line]


def test_the_wheel_carries_every_module_and_resource(built):
    with zipfile.ZipFile(built[1]) as wheel:
        names = set(wheel.namelist())
    modules = {f"editor/{name}" for name in _source_files(ROOT / "editor")}
    assert modules <= names, sorted(modules - names)
    resources = {
        f"editor/resources/{name}"
        for name in _source_files(ROOT / "resources")
        if not name.startswith("screenshots/")
    }
    assert resources <= names, sorted(resources - names)
    assert not any("screenshots" in name for name in names)
    assert f"post_editor-{__version__}.dist-info/licenses/LICENSE" in names


def test_the_sdist_carries_tests_packaging_and_resources(built):
    with tarfile.open(built[0]) as sdist:
        names = {name.split("/", 1)[1] for name in sdist.getnames() if "/" in name}
    expected = {"LICENSE", "CHANGELOG.md", "README.md", "setup.py", "MANIFEST.in"}
    for folder in ("tests", "packaging", "resources", "editor"):
        expected |= {f"{folder}/{name}" for name in _source_files(ROOT / folder)}
    assert expected <= names, sorted(expected - names)


def test_the_wheel_installs_and_runs_in_a_fresh_venv(built, tmp_path: Path):
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    scripts = venv / ("Scripts" if sys.platform == "win32" else "bin")
    python = scripts / ("python.exe" if sys.platform == "win32" else "python")
    site = subprocess.run(
        [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    ours = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    (Path(site) / "project-dependencies.pth").write_text("\n".join(sorted(ours)) + "\n")
    pip = [sys.executable, "-m", "pip", "--python", str(python)]
    install = subprocess.run(
        [*pip, "install", "--no-deps", "--no-index", "--quiet", str(built[1])],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert install.returncode == 0, install.stderr
    command = scripts / "post-editor"
    env = dict(os.environ, POST_EDITOR_DATA_DIR=str(tmp_path / "data"))
    env["POST_EDITOR_CONFIG_DIR"] = str(tmp_path / "config")
    run = {"capture_output": True, "text": True, "env": env, "cwd": tmp_path, "timeout": 60}

    version = subprocess.run([command, "--version"], **run)
    assert (version.returncode, version.stdout) == (0, f"post-editor {__version__}\n")

    # The installed dependencies' data files (dictionaries, symbol tables) are found.
    probes = subprocess.run([command, "--self-test"], **run)
    assert probes.returncode == 0, probes.stdout + probes.stderr

    where = subprocess.run(
        [python, "-c", "import editor.core.paths as p; print(p.resources_dir())"], **run
    )
    installed_resources = Path(where.stdout.strip())
    assert installed_resources == Path(site) / "editor" / "resources", where.stderr

    post = installed_resources / SAMPLE_POST
    render = subprocess.run([command, "render", str(post)], **run)
    assert render.returncode == 0, render.stderr
    assert "<title>A walk in the hills</title>" in render.stdout
