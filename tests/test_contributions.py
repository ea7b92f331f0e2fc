"""Contributing translations: scaffolds, staleness, structure, markup, the status page, a new
language added with files only, and the pull-request check."""

from __future__ import annotations

import json
import posixpath
import re
import subprocess
from pathlib import Path

import yaml
from conftest import ROOT, BuiltSite, copy_project, letters_on_copy

from letters.catalog import letters
from letters.contributions import problems, split_front_matter, text_hash, untouched_page
from letters.data import default_language, language_codes, language_name, languages, strings


def test_the_repository_has_no_structure_or_markup_problems():
    assert problems() == []


UNSAFE = [
    ("docs/cs/index.md", "<script>alert(1)</script>", "<script>"),
    ("docs/en/sources.md", '<iframe src="https://example.com"></iframe>', "<iframe>"),
    ("docs/hi/index.md", '<img src="x.png" onerror="steal()">', "on…= event handler"),
    ("docs/bn/index.md", "[click](javascript:alert(1))", "javascript: URL"),
    (
        "letters/templates/reminder/event/cs.j2",
        '<a href="JavaScript:void(0)">x</a>',
        "javascript: URL",
    ),
]


def test_unsafe_markup_fails_naming_file_and_line(tmp_path):
    """Each kind of unsafe markup, each in its own file of one copy, checked in one run (a copy
    and a process per kind cost two seconds): every one is reported on its own line."""
    copy = copy_project(tmp_path)
    expected = []
    for file, line, what in UNSAFE:
        target = copy / file
        lines = [*target.read_text(encoding="utf-8").splitlines(), line]
        target.write_text("\n".join(lines) + "\n", encoding="utf-8")
        expected.append((f"{file}:{len(lines)}: ", what))
    result = letters_on_copy(copy, "lint-contributions")
    assert result.returncode == 1
    reported = result.stdout.splitlines()
    for where, what in expected:
        assert any(where in row and what in row for row in reported), (where, result.stdout)


def test_a_translation_missing_an_anchor_a_link_or_an_include_fails(tmp_path):
    copy = copy_project(tmp_path)
    home = copy / "docs/cs/index.md"
    home.write_text(
        home.read_text(encoding="utf-8").replace(" { #about }", "").replace("(sources.md)", "(#)"),
        encoding="utf-8",
    )
    letter_page = copy / "docs/is/guides/customer-service/late-delivery.md"
    letter_page.write_text(
        re.sub(r'--8<-- ".*"\n', "", letter_page.read_text(encoding="utf-8")), encoding="utf-8"
    )
    result = letters_on_copy(copy, "lint-contributions")
    assert result.returncode == 1
    assert "docs/cs/index.md: missing anchor about" in result.stdout
    assert "docs/cs/index.md: missing link sources.md" in result.stdout
    assert (
        "docs/is/guides/customer-service/late-delivery.md: missing letter include" in result.stdout
    )


def test_scaffolds_hold_the_source_and_its_version(tmp_path):
    copy = copy_project(tmp_path)
    result = letters_on_copy(copy, "new-page", "--lang", "cs", "guides/bad-news/index.md")
    assert result.returncode == 0, result.stderr
    page = copy / "docs/cs/guides/bad-news/index.md"
    meta, body = split_front_matter(page.read_text(encoding="utf-8"))
    source = copy / "docs/en/guides/bad-news/index.md"
    assert meta["translation_of"] == "en/guides/bad-news/index.md"
    assert meta["source_hash"] == text_hash(source.read_text(encoding="utf-8"))
    assert body == split_front_matter(source.read_text(encoding="utf-8"))[1]

    result = letters_on_copy(copy, "new-letter", "--lang", "cs", "bad-news/billing-error")
    assert result.returncode == 0, result.stderr
    folder = copy / "letters/templates/bad-news/billing-error"
    assert (folder / "cs.j2").read_text(encoding="utf-8") == (folder / "en.j2").read_text(
        encoding="utf-8"
    )
    record = yaml.safe_load((folder / "letter.yml").read_text(encoding="utf-8"))
    assert record["translations"]["cs"]["source_hash"] == text_hash(
        (folder / "en.j2").read_text(encoding="utf-8")
    )
    assert (copy / "docs/cs/guides/bad-news/billing-error.md").exists()
    assert letters_on_copy(copy, "lint-contributions").returncode == 0
    again = letters_on_copy(copy, "new-page", "--lang", "cs", "guides/bad-news/index.md")
    assert again.returncode == 2 and "exists already" in again.stderr


def test_make_targets_call_the_scaffolds():
    plan = subprocess.run(
        ["make", "-n", "new-translation", "CODE=cs", "PAGE=index.md"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert 'letters new-page --lang "cs" "index.md"' in plan.stdout
    plan = subprocess.run(
        ["make", "-n", "new-letter-translation", "CODE=cs", "LETTER=reminder/event"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert 'letters new-letter --lang "cs" "reminder/event"' in plan.stdout
    assert "LANG" not in (ROOT / "Makefile").read_text(encoding="utf-8")  # LANG is the locale


def test_changed_source_marks_translations_outdated_on_their_pages(changed_site):
    translated_home = [
        code for code in language_codes() if (ROOT / "docs" / code / "index.md").exists()
    ]
    for code in (c for c in translated_home if c != default_language()):
        soup = changed_site.soup(changed_site.root / code / "index.html")
        notice = soup.select_one("article .lw-outdated")
        assert notice is not None, code
        assert strings(code)["outdated_notice"] in notice.get_text()
    letter = changed_site.soup(changed_site.root / "cs/guides/reminder/event/index.html")
    assert strings("cs")["outdated_notice"] in letter.find("article").get_text()
    untouched = changed_site.soup(changed_site.root / "cs/guides/reminder/appointment/index.html")
    assert strings("cs")["outdated_notice"] not in untouched.find("article").get_text()


def status_cells(site: BuiltSite, page: Path) -> dict[tuple[str, str], str]:
    """(row link or label, language name) -> state, read from a built status page."""
    cells = {}
    for table in site.soup(page).select("article table"):
        names = [th.get_text(strip=True) for th in table.select("thead th")][1:]
        for tr in table.select("tbody tr"):
            tds = tr.find_all("td")
            link = tds[0].find("a")
            key = link["href"] if link else tds[0].get_text(strip=True)
            for name, td in zip(names, tds[1:], strict=True):
                marker = td.select_one("[data-state]")
                cells[(key, name)] = marker["data-state"] if marker else td.get_text(strip=True)
    return cells


def test_changed_source_shows_as_outdated_on_the_status_page(changed_site):
    cells = status_cells(changed_site, changed_site.root / "status/index.html")
    assert cells[("../", "Czech (čeština)")] == "outdated"
    assert cells[("../guides/reminder/event/", "Czech (čeština)")] == "outdated"
    assert cells[("../guides/reminder/appointment/", "Czech (čeština)")] == "translated"


def test_a_sixth_language_appears_everywhere_with_files_only(changed_site):
    root = changed_site.root
    english = changed_site.soup(root / "guides/reminder/index.html")
    switcher = {a["href"]: a.get_text(strip=True) for a in english.select("a.md-select__link")}
    # The switcher adds "(in English)" to a language without this page: German has none yet.
    assert any(text.startswith("Deutsch") for text in switcher.values()), switcher
    german = changed_site.soup(root / "de/guides/reminder/index.html")
    assert german.html["lang"] == "en"  # nothing translated yet: an honest fallback
    assert (root / "de/templates/index.html").exists()
    # Its scaffolded status and catalogue pages are still English: fallbacks, not German pages,
    # and its search index holds no page until one is translated.
    for page in ("status", "templates"):
        assert changed_site.soup(root / f"de/{page}/index.html").html["lang"] == "en", page
    index = json.loads((root / "de/search/search_index.json").read_text("utf-8"))
    assert index["docs"] == []
    catalogue = changed_site.soup(root / "templates/index.html").find("article").get_text()
    assert "Deutsch" not in catalogue  # no letter is written in German yet
    # The status page is English too (the fallback), so it names the new language in English.
    cells = status_cells(changed_site, root / "de/status/index.html")
    assert cells[("../guides/reminder/", "German (Deutsch)")] == "missing"
    assert cells[("letters/strings/*.yml", "German (Deutsch)")] == "missing"  # untouched scaffold
    rules_complete = strings("en")["status"]["rules_complete"]
    assert cells[("letters/rules/*.yml", "German (Deutsch)")] != rules_complete
    assert cells[("letters/rules/*.yml", "English")] == rules_complete


def test_status_matrix_equals_what_is_on_disk(site):
    cells = status_cells(site, site.root / "status/index.html")
    # The English page heads each column with the language's English name and its own.
    names = {item.code: language_name(item.code, "en") for item in languages()}
    pages = sorted(
        {
            p.relative_to(ROOT / "docs" / c).as_posix()
            for c in language_codes()
            for p in (ROOT / "docs" / c).rglob("*.md")
        }
    )
    for page in pages:
        folder = page.removesuffix("index.md").removesuffix(".md").rstrip("/") or "."
        href = posixpath.relpath(folder, "status") + "/"
        for code, name in names.items():
            path = ROOT / "docs" / code / page
            if not path.exists():
                expected = "missing"
            else:
                meta, _ = split_front_matter(path.read_text(encoding="utf-8"))
                if "translation_of" not in meta:
                    expected = "original"
                elif untouched_page(path, ROOT / "docs" / meta["translation_of"]):
                    expected = "missing"  # a scaffold still in the source's words
                else:
                    source = (ROOT / "docs" / meta["translation_of"]).read_text(encoding="utf-8")
                    expected = (
                        "translated" if meta["source_hash"] == text_hash(source) else "outdated"
                    )
            assert cells[(href, name)] == expected, (page, code)
    for item in letters().values():
        href = f"../guides/{item.id}/"
        for code, name in names.items():
            if code not in item.languages:
                expected = "missing"
            elif code == default_language():
                expected = "original"
            else:
                current = text_hash(item.template_path("en").read_text(encoding="utf-8"))
                expected = (
                    "translated"
                    if item.translations[code]["source_hash"] == current
                    else "outdated"
                )
            assert cells[(href, name)] == expected, (item.id, code)


def test_pull_request_check_fails_when_a_source_changes_alone(tmp_path):
    copy = copy_project(tmp_path)

    def git(*args):
        subprocess.run(["git", *args], cwd=copy, check=True, capture_output=True)

    def commit(message: str, *options: str):
        git(
            "-c",
            "user.name=t",
            "-c",
            "user.email=t@example.com",
            "commit",
            "-q",
            "-m",
            message,
            *options,
        )

    git("init", "-q")
    git("add", "-A")
    commit("the site")
    base = subprocess.run(
        ["git", "rev-parse", "HEAD"], cwd=copy, capture_output=True, text=True
    ).stdout.strip()
    home = copy / "docs/en/index.md"
    home.write_text(home.read_text(encoding="utf-8") + "\nOne more sentence.\n", encoding="utf-8")
    commit("edit the source only", "-a")
    result = letters_on_copy(copy, "changed-sources", "--base", base)
    assert result.returncode == 1
    assert "docs/en/index.md changed, but not its translation docs/cs/index.md" in result.stdout
    for code in language_codes():
        page = copy / f"docs/{code}/index.md"
        if code == default_language() or not page.exists():
            continue
        page.write_text(page.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    commit("and the translations", "-a")
    assert letters_on_copy(copy, "changed-sources", "--base", base).returncode == 0


def test_status_page_gives_each_languages_progress_and_what_is_missing(site, changed_site):
    """The share is what the status table says is translated or outdated; every missing cell is
    listed with its file; a language just scaffolded (German in the changed copy) is at 0, its
    untouched strings scaffold among the missing."""
    from letters.contributions import MISSING, OUTDATED, TRANSLATED, status

    rows = status()
    page = site.soup(site.root / "status/index.html")
    for code in language_codes():
        if code == default_language():
            continue
        heading = page.find(id=f"status-progress-{code}")
        assert heading is not None, code
        done = sum(row.cells[code].state in (TRANSLATED, OUTDATED) for row in rows)
        assert heading["data-progress"] == f"{done}/{len(rows)}", code
        listed = {a.get_text() for a in heading.find_next_sibling("ul").select("a code")}
        wanted = sum(row.cells[code].state == MISSING for row in rows)
        assert len([f for f in listed if not f.startswith("letters/rules/")]) == wanted, code
    german = changed_site.soup(changed_site.root / "status/index.html").find(
        id="status-progress-de"
    )
    assert german["data-progress"].startswith("0/")
    listed = [a.get_text() for a in german.find_next_sibling("ul").select("a")]
    assert "letters/strings/de.yml" in listed  # an untouched scaffold is missing
    assert any(item.startswith("docs/de/guides/") for item in listed)
