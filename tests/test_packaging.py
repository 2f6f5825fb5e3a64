"""The wheel must carry every package and the resources (preview CSS, templates, sample site)."""

import tomllib
from pathlib import Path

from editor.core.paths import resources_dir

ROOT = Path(__file__).resolve().parents[1]


def test_every_package_is_listed_in_pyproject():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    listed = set(config["tool"]["setuptools"]["packages"])
    found = {
        ".".join(init.parent.relative_to(ROOT).parts)
        for init in (ROOT / "editor").rglob("__init__.py")
    }
    assert found <= listed, f"add to [tool.setuptools] packages: {sorted(found - listed)}"
    assert config["tool"]["setuptools"]["package-dir"]["editor.resources"] == "resources"


def test_resources_are_found():
    folder = resources_dir()
    assert (folder / "sample_site" / "_config.yml").is_file()
    assert (folder / "templates" / "new_post.md").is_file()
