"""The wheel carries the course files, the interface catalogs (compiled) and the migrations
inside the package (`app/_bundle`), so an installed Bru runs from any folder; in a checkout
they stay where they are, beside the package (see `app.config.DATA_DIR`)."""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

BUNDLED = ("courses", "translations", "migrations")


class BuildWithData(build_py):
    def run(self) -> None:
        super().run()
        bundle = Path(self.build_lib) / "app" / "_bundle"
        for folder in BUNDLED:
            shutil.copytree(
                folder,
                bundle / folder,
                dirs_exist_ok=True,
                ignore=shutil.ignore_patterns("__pycache__", "*.pyc"),
            )
        _compile_catalogs(bundle / "translations")


def _compile_catalogs(root: Path) -> None:
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    for po in root.glob("*/LC_MESSAGES/messages.po"):
        with po.open("rb") as source:
            catalog = read_po(source, locale=po.parts[-3])
        with po.with_suffix(".mo").open("wb") as target:
            write_mo(target, catalog, use_fuzzy=False)


setup(cmdclass={"build_py": BuildWithData})
