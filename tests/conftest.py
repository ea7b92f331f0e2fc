"""Shared fixtures: the site is built once per test session (a full build takes seconds)."""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from letters.data import default_language, language_codes

ROOT = Path(__file__).resolve().parent.parent


@dataclass(eq=False)  # hashable by identity, so soup() can cache per site
class BuiltSite:
    root: Path
    log: str

    def pages(self) -> list[Path]:
        return sorted(self.root.rglob("*.html"))

    @functools.cache  # noqa: B019 - one site per session
    def soup(self, path: Path) -> BeautifulSoup:
        return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")

    @functools.cache  # noqa: B019
    def ids(self, path: Path) -> frozenset[str]:
        """Every anchor a link can point at in a built page."""
        soup = self.soup(path)
        return frozenset(e["id"] for e in soup.find_all(id=True)) | {
            e["name"] for e in soup.find_all("a", attrs={"name": True})
        }

    def language_of(self, path: Path) -> str:
        """The language folder a built file sits in."""
        first = path.relative_to(self.root).parts[0]
        return first if first in language_codes() else default_language()

    def source_of(self, path: Path) -> Path | None:
        """The docs/ Markdown file a built page comes from in its own language, if there is one."""
        relative = path.relative_to(self.root)
        code = self.language_of(path)
        if code != default_language():
            relative = relative.relative_to(code)
        folder = relative.parent
        candidates = [ROOT / "docs" / code / folder / "index.md"]
        if folder.parts:
            candidates.append(ROOT / "docs" / code / folder.parent / f"{folder.name}.md")
        return next((c for c in candidates if c.exists()), None)


PROJECT = ("mkdocs.yml", "docs", "letters", "overrides", "snippets")


def copy_project(destination: Path, names: tuple[str, ...] = PROJECT) -> Path:
    """A copy of the project's sources (no generated files, no caches) for a test to change."""
    for name in names:
        source = ROOT / name
        if source.is_dir():
            ignore = shutil.ignore_patterns("__pycache__", "generated")
            shutil.copytree(source, destination / name, ignore=ignore)
        else:
            shutil.copy(source, destination / name)
    return destination


def build_site(
    destination: Path, config: Path = ROOT / "mkdocs.yml", pythonpath: Path | None = None
) -> subprocess.CompletedProcess:
    """`mkdocs build --strict`; with `pythonpath`, the letters package is imported from there."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    if pythonpath:
        env["PYTHONPATH"] = str(pythonpath)
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "mkdocs",
            "build",
            "--strict",
            "-f",
            str(config),
            "-d",
            str(destination),
        ],
        capture_output=True,
        text=True,
        env=env,
        cwd=config.parent,
    )


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> BuiltSite:
    destination = tmp_path_factory.mktemp("site")
    result = build_site(destination)
    assert result.returncode == 0, f"mkdocs build --strict failed:\n{result.stderr}"
    return BuiltSite(destination, result.stderr)


def pytest_terminal_summary(terminalreporter):
    """Outdated translations are reported, not failed: a source may change before its
    translators catch up."""
    from letters.contributions import outdated

    found = outdated()
    terminalreporter.section("translations")
    if found:
        terminalreporter.write_line(f"{len(found)} outdated translation(s):")
        for line in found:
            terminalreporter.write_line(f"  {line}")
    else:
        terminalreporter.write_line("every translation is up to date with its source")
