"""Shared fixtures: the site is built once per test run, in the process of the first worker that
needs it; a changed copy of the project (a sixth language, edited sources) is built once too, in
a subprocess that runs alongside, since it needs the copy's own letters package."""

from __future__ import annotations

import fcntl
import functools
import json
import logging
import os
import pickle
import shutil
import subprocess
import sys
import time
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
        """The docs/ Markdown file a built page comes from in its own language, if there is one
        (an untouched scaffold is not: the page is the English fallback)."""
        from letters.contributions import untouched

        relative = path.relative_to(self.root)
        code = self.language_of(path)
        if code != default_language():
            relative = relative.relative_to(code)
        folder = relative.parent
        candidates = [ROOT / "docs" / code / folder / "index.md"]
        if folder.parts:
            candidates.append(ROOT / "docs" / code / folder.parent / f"{folder.name}.md")
        found = next((c for c in candidates if c.exists()), None)
        if found and untouched(code, found.relative_to(ROOT / "docs" / code).as_posix()):
            return None
        return found


PROJECT = ("mkdocs.yml", "docs", "letters", "overrides", "snippets")


def copy_project(destination: Path, names: tuple[str, ...] = PROJECT) -> Path:
    """A copy of the project's sources (no generated files, no caches) for a test to change."""
    for name in names:
        source = ROOT / name
        if not source.exists():
            continue  # snippets/ holds only generated files: a fresh clone has none yet
        if source.is_dir():
            ignore = shutil.ignore_patterns("__pycache__", "generated")
            shutil.copytree(source, destination / name, ignore=ignore)
        else:
            shutil.copy(source, destination / name)
    return destination


def letters_on_copy(copy: Path, *args: str) -> subprocess.CompletedProcess:
    """The `letters` command as a real process on a copy of the project (its package, its
    data): for tests that change files the in-process command has already read."""
    return subprocess.run(
        [sys.executable, "-m", "letters", *args],
        capture_output=True,
        text=True,
        cwd=copy,
        env={"PYTHONPATH": str(copy), "PATH": "/usr/bin:/bin"},
    )


def build_copy(copy: Path, destination: Path, only: str = "") -> subprocess.CompletedProcess:
    """`mkdocs build --strict` of a copy of the project, with the copy's own package (`only`:
    one language, much faster, when that is all a test needs)."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(copy)}
    if only:
        env["LETTERWISE_ONLY"] = only
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(destination)],
        cwd=copy,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


@dataclass
class CliResult:
    returncode: int
    stdout: bytes
    stderr: str


def run_cli(*args: str) -> CliResult:
    """The `letters` command, in this process: what it prints and its exit status. (A few tests
    in test_cli.py run it as a real process.)"""
    import contextlib
    import io

    from letters.cli import main

    out, err = io.BytesIO(), io.StringIO()
    stdout = io.TextIOWrapper(out, encoding="utf-8", write_through=True)
    with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(err):
        code = main(list(args))
        stdout.flush()
    return CliResult(code, out.getvalue(), err.getvalue())


def build_in_process(destination: Path, config: Path = ROOT / "mkdocs.yml") -> str:
    """`mkdocs build --strict` of this project in this process; returns what it logged."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    records: list[str] = []
    handler = logging.Handler(logging.WARNING)
    handler.emit = lambda record: records.append(f"{record.levelname} - {record.getMessage()}")
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    try:
        build(load_config(str(config), site_dir=str(destination), strict=True))
    except Exception as error:
        # The plugin has logged the cause in one line (file, line, problem): say only that.
        errors = [r.removeprefix("ERROR - ") for r in records if r.startswith("ERROR")]
        raise SiteBuildError("\n".join(errors) or f"{type(error).__name__}: {error}") from None
    finally:
        logger.removeHandler(handler)
    return "\n".join(records)


class SiteBuildError(Exception):
    """The site does not build: what the build reported."""


def change_the_copy(copy: Path) -> None:
    """What a contributor might do: add German (with `letters new-language`, nothing else),
    change an English paragraph and an English template without touching their translations;
    and edit the English overdue-invoice template so it no longer allows for a payment already
    sent. Each change touches different pages, so the tests of each read them apart."""
    # A throwaway language, added as a translator would: `letters new-language`, nothing else.
    subprocess.run(
        [sys.executable, "-m", "letters", "new-language", "de", "--name", "Deutsch"],
        cwd=copy,
        env={**os.environ, "PYTHONPATH": str(copy)},
        check=True,
        capture_output=True,
    )
    home = copy / "docs/en/index.md"
    home.write_text(
        home.read_text(encoding="utf-8").replace(
            "three kinds of business letter", "three kinds of business letters"
        ),
        encoding="utf-8",
    )
    template = copy / "letters/templates/reminder/event/en.j2"
    template.write_text(
        template.read_text(encoding="utf-8").replace("We look forward", "We really look forward"),
        encoding="utf-8",
    )
    template = copy / "letters" / "templates" / "reminder" / "overdue-invoice" / "en.j2"
    text = template.read_text(encoding="utf-8")
    acknowledgement = (
        "Our records may not yet show a recent payment, so if you have already paid, thank you, "
        "and please disregard this reminder. If you think our records are wrong, please tell "
        "us.\n\n"
    )
    edited = text.replace("Thank you for choosing", "Many thanks for choosing").replace(
        acknowledgement, ""
    )
    assert edited.count("Many thanks") == 1 and "already paid" not in edited
    assert "records are wrong" not in edited
    template.write_text(edited, encoding="utf-8")


CHANGED_SITE_URL = "https://letterwise.example/project/"


def _build_both(folder: Path) -> dict:
    """This project's site, built in this process, and the changed copy's, built by a subprocess
    alongside it (so that the two builds share the machine's two cores)."""
    (folder / "changed").mkdir(parents=True)
    copy = copy_project(folder / "changed")
    change_the_copy(copy)
    # Built as a project site (GitHub Pages' /<repository>/): URLs must follow site_url's path.
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(copy)}
    env["SITE_URL"] = CHANGED_SITE_URL
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(copy / "site")]
    process = subprocess.Popen(
        command, cwd=copy, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    try:
        log, error = build_in_process(folder / "site"), None
    except SiteBuildError as failure:
        log, error = "", str(failure)
    _, changed_log = process.communicate(timeout=600)
    return {
        "site": str(folder / "site"),
        "log": log,
        "error": error,
        "changed": str(copy / "site"),
        "changed_log": changed_log,
        "changed_status": process.returncode,
    }


@pytest.fixture(scope="session")
def _builds(tmp_path_factory) -> dict:
    """Both sites, built once per run: the first pytest-xdist worker that needs them builds them
    and the others wait on a lock and read what it wrote (pytest-xdist's documented recipe for a
    session fixture shared by its workers, with the standard library's flock)."""
    if "PYTEST_XDIST_WORKER" not in os.environ:  # a single process: nobody to share with
        return _build_both(tmp_path_factory.mktemp("builds"))
    shared = tmp_path_factory.getbasetemp().parent  # the run's folder, above each worker's
    with open(shared / "builds.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        record = shared / "builds.json"
        if not record.exists():
            record.write_text(json.dumps(_build_both(shared / "builds")), encoding="utf-8")
        return json.loads(record.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def site(_builds) -> BuiltSite:
    """This project's site."""
    if _builds["error"]:
        # One message, not the same failure as a setup error of every test that needs the site.
        message = f"the site does not build (mkdocs build --strict): {_builds['error']}"
        pytest.exit(message, returncode=2)
    return BuiltSite(Path(_builds["site"]), _builds["log"])


@pytest.fixture(scope="session")
def changed_site(_builds, site) -> BuiltSite:
    """The site of a copy changed as `change_the_copy` says (built with the copy's package)."""
    log = _builds["changed_log"]
    failed = f"mkdocs build --strict of the changed copy failed:\n{log}"
    assert _builds["changed_status"] == 0, failed
    return BuiltSite(Path(_builds["changed"]), log)


# The corpus's verdicts of the last run, per chunk, named by a digest of everything the checker
# reads for that language (evaluate.checker_inputs): a contributor who edits a page, a template or
# another language's words does not wait for the whole corpus again; any other change checks it
# afresh. `make clean` removes them.
CORPUS_CACHE = ROOT / ".cache" / "corpus-verdicts"


@pytest.fixture(scope="session")
def corpus_results(tmp_path_factory):
    """The checker on the whole evaluation corpus, once per run (or the verdicts of an earlier
    run whose inputs were the same, see CORPUS_CACHE). Under pytest-xdist every worker
    that asks for it checks the languages no other worker has claimed yet (a file created with
    O_EXCL is the claim) and then reads every language's verdicts, so that two workers split the
    corpus between them; the test modules that ask for it go out first (see below)."""
    from evaluate import Results, checker_inputs_digest, evaluate

    from letters.rules import complete_languages

    if "PYTEST_XDIST_WORKER" not in os.environ:
        return evaluate()
    folder = tmp_path_factory.getbasetemp().parent / "corpus-results"
    folder.mkdir(exist_ok=True)
    languages = complete_languages()
    # One chunk per language, but the last language in two halves: two workers that take the
    # chunks in turn then finish together instead of one waiting a whole language for the other.
    chunks = [(lang, (0, 1)) for lang in languages[:-1]]
    chunks += [(languages[-1], (half, 2)) for half in range(2)] if languages else []
    for lang, share in chunks:
        name = f"{lang}-{share[0]}"
        try:
            (folder / f"{name}.claimed").touch(exist_ok=False)
        except FileExistsError:
            continue  # another worker checks this chunk
        part = folder / f"{name}.pickle"
        kept = CORPUS_CACHE / f"{name}-{checker_inputs_digest(lang)}.pickle"
        if kept.exists():
            shutil.copyfile(kept, part.with_suffix(".partial"))
        else:
            verdicts = evaluate([lang], share=share).verdicts
            part.with_suffix(".partial").write_bytes(pickle.dumps(verdicts))
            CORPUS_CACHE.mkdir(parents=True, exist_ok=True)
            for older in CORPUS_CACHE.glob(f"{name}-*.pickle"):
                older.unlink()
            shutil.copyfile(part.with_suffix(".partial"), kept.with_suffix(".partial"))
            kept.with_suffix(".partial").rename(kept)
        part.with_suffix(".partial").rename(part)  # whole or absent, never half-written
    verdicts = []
    for lang, share in chunks:
        part = folder / f"{lang}-{share[0]}.pickle"
        deadline = time.monotonic() + 600  # a hang guard: the other worker died mid-chunk
        while not part.exists():
            assert time.monotonic() < deadline, f"no worker finished checking {part.stem}"
            time.sleep(0.05)
        verdicts += pickle.loads(part.read_bytes())
    return Results(verdicts)


@pytest.fixture(scope="session")
def rendered_examples():
    """Every letter rendered and checked in every language (what a build generates), once per
    run for the tests that read it without a build."""
    from letters.site.examples import examples

    return examples()


@pytest.fixture(scope="session")
def browser():
    """One Chromium for the whole run (Debian's; never a download)."""
    from browser import CHROMIUM_ARGS, chromium_path

    executable = chromium_path()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="session")
def axe():
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


NEEDS_THE_SITE = {"site", "changed_site"}


def pytest_collection_modifyitems(items):
    """Mark every test that builds a site (`make test-fast` leaves them out), and put first the
    modules that check the evaluation corpus, then the other modules marked `long`: the workers
    take modules in this order, so that both start on the corpus (each checking part of it) and
    the short modules fill in around the long ones."""
    for item in items:
        if NEEDS_THE_SITE & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.site)

    def order(item) -> tuple[bool, bool]:
        checks_the_corpus = "corpus_results" in getattr(item, "fixturenames", ())
        return not checks_the_corpus, item.get_closest_marker("long") is None

    items.sort(key=order)  # a stable sort


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
