"""What a contribution is checked against: which translations exist, which are outdated, whether
a translation keeps its source's structure, and whether a file carries markup it must not.

A translated page names its source in its front matter and pins the version it was made from,
as MDN pins `sourceCommit`:

    translation_of: en/index.md      # path below docs/
    source_hash: 3f2a9c1b7d4e        # letters.contributions.text_hash of the source's body
    reviewed_by: ""                  # who reviewed it as a native speaker, if anyone

A translated letter does the same in its letter.yml (`translations: {cs: {source_hash: …}}`),
its source being the English template; a strings file, in its `meta:` entry.

    letters translations                # every translation and its state
    letters lint-contributions          # structure and markup; exit 1 on problems
    letters new-page --lang xx PAGE
    letters new-letter --lang xx LETTER
    letters changed-sources --base REV  # for pull requests
"""

from __future__ import annotations

import hashlib
import re
import subprocess
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import yaml

from letters.catalog import letters
from letters.data import (
    HERE,
    SAFE_LOADER,
    STRINGS_DIR,
    InputError,
    default_language,
    language_codes,
    read_yaml,
)
from letters.rules import guides, missing_rule_data

ROOT = HERE.parent
DOCS = ROOT / "docs"
FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n", re.DOTALL)
ANCHOR = re.compile(r"\{ #([\w-]+) \}")
LINK = re.compile(r"\]\(([^)\s]+)\)")
QUOTE_NOTES = "generated/quotes/"
INCLUDE = re.compile(r'^--8<-- "([^"]+)"', re.MULTILINE)
# Markup a contributed page or template may not carry.
UNSAFE = [
    (re.compile(r"<\s*script\b", re.IGNORECASE), "<script>"),
    (re.compile(r"<\s*iframe\b", re.IGNORECASE), "<iframe>"),
    (re.compile(r"<[^>]*\s(on[a-z]+)\s*=", re.IGNORECASE), "an on…= event handler"),
    (re.compile(r"javascript\s*:", re.IGNORECASE), "a javascript: URL"),
]

ORIGINAL, TRANSLATED, OUTDATED, MISSING = "original", "translated", "outdated", "missing"


def split_front_matter(text: str) -> tuple[dict, str]:
    match = FRONT_MATTER.match(text)
    if not match:
        return {}, text
    # libyaml's loader (letters.data.SAFE_LOADER): a build reads every page's front matter.
    return yaml.load(match.group(1), Loader=SAFE_LOADER) or {}, text[match.end() :]


def text_hash(text: str) -> str:
    """A short hash of a source's content: NFC, no front matter, no trailing spaces."""
    _, body = split_front_matter(unicodedata.normalize("NFC", text).replace("\r\n", "\n"))
    lines = [line.rstrip() for line in body.strip("\n").split("\n")]
    return hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()[:12]


def file_hash(path: Path) -> str:
    return text_hash(path.read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Cell:
    """One translation's state: a page, letter or strings file in one language."""

    state: str
    reviewed_by: str = ""
    path: Path | None = None
    source: Path | None = None


def page_cell(relative: str, lang: str) -> Cell:
    """State of docs/<lang>/<relative>: original, translated, outdated or missing."""
    path = DOCS / lang / relative
    if not path.exists():
        return Cell(MISSING)
    try:
        meta, _ = split_front_matter(path.read_text(encoding="utf-8"))
    except yaml.YAMLError:
        raise InputError(path, "malformed front matter") from None
    source = meta.get("translation_of")
    if not source:
        return Cell(ORIGINAL, path=path)
    source_path = DOCS / source
    if source_path.exists() and untouched_page(path, source_path):
        return Cell(MISSING, path=path, source=source_path)  # a scaffold nobody translated yet
    current = file_hash(source_path) if source_path.exists() else None
    state = TRANSLATED if meta.get("source_hash") == current else OUTDATED
    return Cell(state, str(meta.get("reviewed_by") or ""), path, source_path)


def untouched(lang: str, relative: str) -> bool:
    """Is docs/<lang>/<relative> a scaffold nobody translated yet (the status page's missing)?"""
    if lang not in language_codes() or lang == default_language():
        return False
    cell = page_cell(relative, lang)
    return cell.state == MISSING and cell.path is not None


def untouched_page(path: Path, source: Path) -> bool:
    """Is a translated page still its source's text (a scaffold nobody translated yet)?"""
    from letters.scaffold import retarget_includes

    _, ours = split_front_matter(path.read_text(encoding="utf-8"))
    _, theirs = split_front_matter(source.read_text(encoding="utf-8"))
    lang, source_lang = path.relative_to(DOCS).parts[0], source.relative_to(DOCS).parts[0]
    return ours.strip() == retarget_includes(theirs, source_lang, lang).strip()


def letter_cell(letter_id: str, lang: str) -> Cell:
    letter = letters()[letter_id]
    if lang not in letter.languages:
        return Cell(MISSING)
    source = letter.template_path(default_language())
    if lang == default_language():
        return Cell(ORIGINAL, path=source)
    record = letter.translations.get(lang) or {}
    state = TRANSLATED if record.get("source_hash") == file_hash(source) else OUTDATED
    return Cell(state, str(record.get("reviewed_by") or ""), letter.template_path(lang), source)


def strings_cell(lang: str) -> Cell:
    path = STRINGS_DIR / f"{lang}.yml"
    source = STRINGS_DIR / f"{default_language()}.yml"
    if not path.exists():
        return Cell(MISSING)
    if lang == default_language():
        return Cell(ORIGINAL, path=path)
    data = read_yaml(path) or {}
    meta = data.get("meta") or {}
    english = read_yaml(source) or {}
    if {k: v for k, v in data.items() if k != "meta"} == {
        k: v for k, v in english.items() if k != "meta"
    }:
        return Cell(MISSING, path=path, source=source)  # an untouched scaffold: still English
    state = TRANSLATED if meta.get("source_hash") == strings_hash() else OUTDATED
    return Cell(state, str(meta.get("reviewed_by") or ""), path, source)


def strings_hash() -> str:
    """The English strings without their own `meta` entry."""
    data = read_yaml(STRINGS_DIR / f"{default_language()}.yml")
    data.pop("meta", None)
    return text_hash(yaml.safe_dump(data, allow_unicode=True, sort_keys=True))


def pages() -> list[str]:
    """Every page of the site, by its path below a language folder."""
    found = {
        p.relative_to(DOCS / code).as_posix()
        for code in language_codes()
        for p in (DOCS / code).rglob("*.md")
    }
    return sorted(found)


@dataclass(frozen=True)
class Row:
    kind: str  # "guide", "letter", "page" or "strings"
    key: str
    cells: dict[str, Cell]


def status() -> list[Row]:
    """The translation matrix: every guide, letter, other page and the site strings, by language."""
    codes = language_codes()
    guide_pages = {g.page for g in guides().values()}
    letter_pages = {f"guides/{item}.md" for item in letters()}
    rows = [
        Row("guide", page, {c: page_cell(page, c) for c in codes}) for page in sorted(guide_pages)
    ]
    rows += [
        Row("letter", letter_id, {c: letter_cell(letter_id, c) for c in codes})
        for letter_id in letters()
    ]
    rows += [
        Row("page", page, {c: page_cell(page, c) for c in codes})
        for page in pages()
        if page not in guide_pages and page not in letter_pages
    ]
    rows.append(Row("strings", "strings", {c: strings_cell(c) for c in codes}))
    return rows


def rule_data_gaps() -> dict[str, int]:
    """How many rule titles, words and examples each language still lacks."""
    return {
        c: sum(len(missing_rule_data(g, c)) for g in guides().values()) for c in language_codes()
    }


def outdated() -> list[str]:
    return [
        f"{cell.path.relative_to(ROOT)} (source changed: {cell.source.relative_to(ROOT)})"
        for row in status()
        for cell in row.cells.values()
        if cell.state == OUTDATED
    ]


def structure_problems(translation: Path, source: Path) -> list[str]:
    """What a translated page lacks of its source's structure: anchors, links, includes."""
    _, ours = split_front_matter(translation.read_text(encoding="utf-8"))
    _, theirs = split_front_matter(source.read_text(encoding="utf-8"))
    problems = []
    for label, pattern in (("anchor", ANCHOR), ("link", LINK), ("letter include", INCLUDE)):
        wanted = set(pattern.findall(theirs))
        have = set(pattern.findall(ours))
        if label == "letter include":
            # A letter page includes its own language's part: compare without the language.
            # The corrected wording of a garbled quote (generated/quotes/) is an editor's
            # addition to a source page, not part of its structure.
            wanted = {_without_language(x) for x in wanted if not x.startswith(QUOTE_NOTES)}
            have = {_without_language(x) for x in have}
        for item in sorted(wanted - have):
            problems.append(f"{translation.relative_to(ROOT)}: missing {label} {item}")
    return problems


def _without_language(include: str) -> str:
    return re.sub(r"/(?:" + "|".join(language_codes()) + r")(/|\.md$)", r"/LANG\1", include)


def unsafe_markup(path: Path) -> list[str]:
    """`file:line: what` for every script, iframe, event handler or javascript: URL."""
    found = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        for pattern, what in UNSAFE:
            if pattern.search(line):
                found.append(f"{path.relative_to(ROOT)}:{number}: {what}")
    return found


def contributed_files() -> list[Path]:
    """Files contributors write that end up in the site or in a letter."""
    return sorted(
        [*DOCS.rglob("*.md"), *(HERE / "templates").rglob("*.j2"), *STRINGS_DIR.glob("*.yml")]
    )


def problems() -> list[str]:
    found = [item for path in contributed_files() for item in unsafe_markup(path)]
    for page in pages():
        for code in language_codes():
            cell = page_cell(page, code)
            if cell.source is not None:
                found += structure_problems(cell.path, cell.source)
    return found


def scaffold_page(lang: str, relative: str) -> Path:
    """docs/<lang>/<relative>, holding the English text to translate and its front matter."""
    if lang not in language_codes():
        raise InputError(
            "--lang", f"unknown language {lang!r}: add it to letters/languages.yml first"
        )
    source = DOCS / default_language() / relative
    if not source.exists():
        raise InputError(relative, f"no such page in docs/{default_language()}/")
    target = DOCS / lang / relative
    if target.exists():
        raise InputError(target, "exists already")
    meta, body = split_front_matter(source.read_text(encoding="utf-8"))
    meta = {
        **meta,
        "translation_of": f"{default_language()}/{relative}",
        "source_hash": file_hash(source),
        "reviewed_by": "",
    }
    front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=1000)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(f"---\n{front}---\n{body}", encoding="utf-8")
    return target


def scaffold_letter(lang: str, letter_id: str) -> list[Path]:
    """<lang>.j2 and <lang>.yml from the English ones, recorded as a translation in letter.yml."""
    if lang not in language_codes():
        raise InputError(
            "--lang", f"unknown language {lang!r}: add it to letters/languages.yml first"
        )
    letter = letters().get(letter_id)
    if letter is None:
        raise InputError(letter_id, "unknown letter")
    source = default_language()
    created = []
    for path, origin in (
        (letter.template_path(lang), letter.template_path(source)),
        (letter.example_path(lang), letter.example_path(source)),
    ):
        if path.exists():
            raise InputError(path, "exists already")
        path.write_text(origin.read_text(encoding="utf-8"), encoding="utf-8")
        created.append(path)
    record = letter.folder / "letter.yml"
    data = read_yaml(record)
    data.setdefault("translations", {})[lang] = {
        "source_hash": file_hash(letter.template_path(source)),
        "reviewed_by": "",
    }
    record.write_text(
        yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000), encoding="utf-8"
    )
    page = f"guides/{letter_id}.md"
    if not (DOCS / lang / page).exists():
        created.append(scaffold_page(lang, page))
    return created


def changed_sources(base: str) -> list[str]:
    """Sources changed since `base` whose translations the same change leaves untouched."""
    diff = subprocess.run(
        ["git", "diff", "--name-only", f"{base}...HEAD"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    )
    changed = set(diff.stdout.split())
    untouched = []
    for row in status():
        for cell in row.cells.values():
            if cell.source is None:
                continue
            source = cell.source.relative_to(ROOT).as_posix()
            translation = cell.path.relative_to(ROOT).as_posix()
            if source in changed and translation not in changed:
                untouched.append(f"{source} changed, but not its translation {translation}")
    return untouched
