"""The package list, which pyproject.toml cannot express (the rest of the metadata is there).

Every package under editor/ is found automatically, and the top-level resources/ folder ships as
editor.resources with each of its data folders declared as a package of its own: setuptools
treats every folder as a package and warns about unlisted ones.
"""

from setuptools import find_namespace_packages, setup

SKIPPED = ["*__pycache__*"]

packages = find_namespace_packages(include=["editor", "editor.*"], exclude=SKIPPED)
packages += ["editor.resources"] + [
    f"editor.resources.{name}" for name in find_namespace_packages("resources", exclude=SKIPPED)
]
setup(packages=packages)
