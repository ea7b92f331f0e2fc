"""Adding and removing a whole language with one command each.

    letters new-language sk --name Slovenčina [--locale sk_SK]
    letters remove-language sk

`new-language` writes, in place and without rewriting any existing file:
- an entry appended to letters/languages.yml (the file's text is kept as it is);
- letters/strings/CODE.yml: the English strings as placeholders, with `source_hash` filled in.
  While every value is still the English one the status page counts the file as missing, and
  the site shows those strings in English;
- docs/CODE/status.md and docs/CODE/templates.md, the two pages whose content is generated per
  language: the English text with the include lines pointing at CODE's generated part and
  `source_hash` filled in. While their text is the English one they count as missing too.
Every other page is the English fallback with the fallback notice until someone translates it.
The language gets no checker data (letters/rules/common/CODE.yml): its letter pages say the
checker does not cover it yet and `letters check --lang CODE` exits 3.

`remove-language` deletes what `new-language` added (and any other file of that language:
strings, docs/CODE/, rule texts, letter translations) and removes its entry from languages.yml.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import yaml
from babel import Locale, UnknownLocaleError

from letters import contributions
from letters.data import (
    LANGUAGES_FILE,
    STRINGS_DIR,
    InputError,
    default_language,
    fresh_build,
    language,
    language_codes,
    read_yaml,
)

# The pages whose generated part is written per language: they need the language's own include.
GENERATED_PAGES = ("status.md", "templates.md")
CODE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]+)?$")


def retarget_includes(body: str, source_lang: str, lang: str) -> str:
    """Include lines of a source page pointing at `lang`'s generated part instead."""

    def swap(match: re.Match) -> str:
        path = re.sub(rf"/{re.escape(source_lang)}(/|\.md$|\.j2$|\.yml$)", rf"/{lang}\1", match[1])
        return f'--8<-- "{path}"'

    return contributions.INCLUDE.sub(swap, body)


def new_language(code: str, name: str, locale: str = "") -> list[Path]:
    if not CODE.match(code):
        raise InputError("CODE", f"{code!r} is not a language code (two or three letters, e.g. sk)")
    if code in language_codes():
        raise InputError(LANGUAGES_FILE, f"language {code!r} is there already")
    if not name.strip():
        raise InputError("--name", "the language's name, in the language itself, is needed")
    locale = locale or code
    try:
        Locale.parse(locale)
    except (UnknownLocaleError, ValueError):
        raise InputError("--locale", f"Babel knows no locale {locale!r} (e.g. sk_SK)") from None
    source = default_language()
    strings_file = STRINGS_DIR / f"{code}.yml"
    pages = [contributions.DOCS / code / page for page in GENERATED_PAGES]
    for path in (strings_file, *pages):
        if path.exists():
            raise InputError(path, "exists already")
    separator = (language(source).search or {}).get("separator")
    entry = {
        "code": code,
        "name": name,
        "locale": locale,
        "search": {"pipeline": [], **({"separator": separator} if separator else {})},
    }
    # Appended as text: the file's comments and anchors stay as they are.
    text = LANGUAGES_FILE.read_text(encoding="utf-8")
    if not text.endswith("\n"):
        text += "\n"
    appended = yaml.safe_dump([entry], allow_unicode=True, sort_keys=False, width=1000)
    LANGUAGES_FILE.write_text(text + appended, encoding="utf-8")
    fresh_build()
    created = [LANGUAGES_FILE]
    source_strings = (STRINGS_DIR / f"{source}.yml").read_text(encoding="utf-8")
    body = "\n".join(
        line for line in source_strings.splitlines() if not line.startswith(("#", "meta:"))
    )
    meta = (
        f"meta: {{translation_of: {source}.yml, source_hash: {contributions.strings_hash()}, "
        f'reviewed_by: ""}}'
    )
    strings_file.write_text(
        "# yaml-language-server: $schema=../schema/strings.schema.json\n"
        f"# {name}: scaffolded from {source}.yml by `letters new-language`."
        " Translate every value;\n"
        "# while a value is the English one the site shows it in English and the status page\n"
        "# counts it as missing (`letters check-translation "
        f"{code}` lists them).\n{meta}\n{body}\n",
        encoding="utf-8",
    )
    created.append(strings_file)
    for relative, target in zip(GENERATED_PAGES, pages, strict=True):
        origin = contributions.DOCS / source / relative
        meta_, body_ = contributions.split_front_matter(origin.read_text(encoding="utf-8"))
        meta_ = {
            **meta_,
            "translation_of": f"{source}/{relative}",
            "source_hash": contributions.file_hash(origin),
            "reviewed_by": "",
        }
        front = yaml.safe_dump(meta_, allow_unicode=True, sort_keys=False, width=1000)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(f"---\n{front}---\n{retarget_includes(body_, source, code)}", "utf-8")
        created.append(target)
    return created


def remove_language(code: str) -> list[Path]:
    if code not in language_codes():
        raise InputError(LANGUAGES_FILE, f"no language {code!r}")
    if code == default_language():
        raise InputError(LANGUAGES_FILE, f"{code!r} is the default language: it cannot be removed")
    removed = []
    text = LANGUAGES_FILE.read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    start = next(
        (i for i, line in enumerate(lines) if re.match(rf"- code: {re.escape(code)}\s*$", line)),
        None,
    )
    if start is None:
        raise InputError(LANGUAGES_FILE, f"the entry of {code!r} must start with '- code: {code}'")
    end = start + 1
    while end < len(lines) and not lines[end].startswith("- "):
        end += 1
    LANGUAGES_FILE.write_text("".join(lines[:start] + lines[end:]), encoding="utf-8")
    removed.append(LANGUAGES_FILE)
    from letters.catalog import letters
    from letters.rules import RULES_DIR

    for letter in letters().values():
        record = letter.folder / "letter.yml"
        for path in (letter.template_path(code), letter.example_path(code)):
            if path.exists():
                path.unlink()
                removed.append(path)
        data = read_yaml(record) or {}
        if code in (data.get("translations") or {}):
            # Only the language's own lines go: the rest of the file stays as it is.
            kept, skipping = [], False
            for line in record.read_text(encoding="utf-8").splitlines(keepends=True):
                if re.match(rf"  {re.escape(code)}:", line):
                    skipping = True
                    continue
                if skipping and line.startswith("    "):
                    continue
                skipping = False
                kept.append(line)
            record.write_text("".join(kept), encoding="utf-8")
            removed.append(record)
    for path in [STRINGS_DIR / f"{code}.yml", *sorted(RULES_DIR.glob(f"*/{code}.yml"))]:
        if path.exists():
            path.unlink()
            removed.append(path)
    folder = contributions.DOCS / code
    if folder.exists():
        shutil.rmtree(folder)
        removed.append(folder)
    fresh_build()
    return removed
