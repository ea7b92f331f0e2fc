"""`letters check-translation CODE`: every problem of one language's translation, in one go, as
`file:line: message` (paths relative to the project). It reads the files as they are, so one
broken file does not hide the problems of the others.

What it lists:
- the strings file: YAML errors (at their line), keys missing or extra against the English file,
  and a file still all English (an untouched scaffold);
- pages in docs/CODE/: still the English text (an untouched scaffold), links to pages that do not
  exist, anchors the linked page does not have, includes of another language's file, and the
  structure against the source, section by section (headings, paragraphs, list items, quotes),
  not counting editor additions (`!!! editor` admonitions and elements marked `{ .lw-editor }`);
- letters in CODE: YAML errors of the example data, variables the template uses that the letter
  does not define, and glossary descriptions (letters/templates/variables.yml) missing in CODE;
- a translated guide (docs/CODE/guides/<guide>/index.md): every letter of the guide in CODE, and
  the guide's rule texts (letters/rules/<guide>/CODE.yml: title and explanation of every rule).
"""

from __future__ import annotations

import re
from pathlib import Path

import jinja2
import yaml
from jinja2 import meta

from letters import contributions
from letters.data import (
    HERE,
    SAFE_LOADER,
    STRINGS_DIR,
    InputError,
    default_language,
    language_codes,
)
from letters.render import environment

ROOT = contributions.ROOT
DOCS = contributions.DOCS
TEMPLATES = HERE / "templates"
RULES = HERE / "rules"
HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*(\{[^}]*\})?\s*$")
LINK = re.compile(r"\]\(([^)\s]+)\)")
ANCHOR = re.compile(r"\{[^}]*#([\w-]+)[^}]*\}")
EDITOR_MARK = re.compile(r"\{[^}]*\.lw-editor\b[^}]*\}\s*$")


def _rel(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def _yaml(path: Path, found: list[str]):
    """A YAML file's data and node tree, or (None, None) with its error listed at its line."""
    text = path.read_text(encoding="utf-8")
    try:
        # libyaml's loader: every build checks each strings file against English this way.
        return yaml.load(text, Loader=SAFE_LOADER), yaml.compose(text, Loader=SAFE_LOADER)
    except yaml.YAMLError:
        pass
    try:  # PyYAML's own parser names an error's place the way the messages below expect
        return yaml.safe_load(text), yaml.compose(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        if "scanning" in (getattr(error, "context", None) or ""):
            mark = error.context_mark  # an unclosed quote: where it opens, not the file's end
        line = mark.line + 1 if mark else 1
        found.append(f"{_rel(path)}:{line}: malformed YAML: {getattr(error, 'problem', error)}")
        return None, None


def _leaves(data, node, prefix="") -> dict[str, tuple[object, int]]:
    """Every leaf key of a mapping as `a.b.c` -> (value, line)."""
    found = {}
    if not isinstance(data, dict) or not isinstance(node, yaml.MappingNode):
        return found
    lines = {key.value: (key.start_mark.line + 1, value) for key, value in node.value}
    for key, value in data.items():
        line, child = lines.get(str(key), (node.start_mark.line + 1, None))
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            found |= _leaves(value, child, f"{name}.")
        else:
            found[name] = (value, line)
    return found


def strings_problems(code: str) -> list[str]:
    found: list[str] = []
    path, source = STRINGS_DIR / f"{code}.yml", STRINGS_DIR / f"{default_language()}.yml"
    if not path.exists():
        return [f"{_rel(path)}:1: missing: run `letters new-language {code} --name NAME`"]
    data, node = _yaml(path, found)
    if data is None and found:
        return found
    theirs = _leaves(*_yaml(source, found))
    ours = _leaves(data, node)
    theirs.pop("meta", None)
    for key in (k for k in theirs if k not in ours and not k.startswith("meta.")):
        parent = key.rpartition(".")[0]
        line = next((ln for k, (_, ln) in ours.items() if k.startswith(parent + ".")), 1)
        found.append(f"{_rel(path)}:{line}: missing key {key}")
    for key, (_, line) in ours.items():
        # `theme:` corrects Material's own words for one language: English has none to give.
        if key not in theirs and not key.startswith(("meta", "theme.")):
            found.append(f"{_rel(path)}:{line}: extra key {key} (not in {source.name})")
    shared = [k for k in theirs if k in ours and not k.startswith("meta")]
    if shared and all(ours[k][0] == theirs[k][0] for k in shared):
        found.append(f"{_rel(path)}:1: untouched scaffold: every string is still the English one")
    return found


# -- pages ---------------------------------------------------------------------------------


def _body(path: Path) -> tuple[str, int]:
    """A page's text without front matter, and how many lines the front matter took."""
    text = path.read_text(encoding="utf-8")
    match = contributions.FRONT_MATTER.match(text)
    if not match:
        return text, 0
    return text[match.end() :], match.group(0).count("\n")


def structure(body: str, offset: int = 0) -> list[tuple[str, int, dict[str, int]]]:
    """Per section (split at headings): its heading, line and counts of headings, paragraphs,
    list items and quotes, leaving out `!!! editor` admonitions and `{ .lw-editor }` blocks."""
    sections: list[tuple[str, int, dict[str, int]]] = [
        ("(top)", offset + 1, dict(headings=0, paragraphs=0, items=0, quotes=0))
    ]
    lines = body.split("\n")
    blocks: list[tuple[int, list[str]]] = []
    current: list[str] = []
    start = 0
    fence = False
    for number, line in enumerate(lines):
        if line.lstrip().startswith(("```", "~~~")):
            fence = not fence
        if not fence and not line.strip():
            if current:
                blocks.append((start, current))
            current = []
            continue
        if not current:
            start = number
        current.append(line)
    if current:
        blocks.append((start, current))
    skip_indented = False
    for start, block in blocks:
        first = block[0]
        if skip_indented and first.startswith("    "):
            continue
        skip_indented = False
        if first.startswith("!!! editor") or first.startswith("??? editor"):
            skip_indented = True
            continue
        if EDITOR_MARK.search(block[-1]) and not HEADING.match(first):
            continue
        if first.startswith("    ") or first.startswith("--8<--") or first.startswith("```"):
            continue
        heading = HEADING.match(first)
        if heading:
            sections.append(
                (heading[2], offset + start + 1, dict(headings=1, paragraphs=0, items=0, quotes=0))
            )
            block = block[1:]
            if not block:
                continue
            first = block[0]
        counts = sections[-1][2]
        if first.startswith(">"):
            counts["quotes"] += 1
        elif re.match(r"^\s*([-*+]|\d+\.)\s", first):
            counts["items"] += sum(1 for ln in block if re.match(r"^\s{0,3}([-*+]|\d+\.)\s", ln))
        elif first.startswith(("|", "<", "!!!", "???", ":")):
            continue
        else:
            counts["paragraphs"] += 1
    return sections


def structure_problems(path: Path, source: Path) -> list[str]:
    ours_body, ours_offset = _body(path)
    theirs_body, _ = _body(source)
    ours, theirs = structure(ours_body, ours_offset), structure(theirs_body)
    found = []
    if len(ours) != len(theirs):
        found.append(
            f"{_rel(path)}:{ours_offset + 1}: {len(ours) - 1} headings, "
            f"the source {_rel(source)} has {len(theirs) - 1}"
        )
    for (title, line, counts), (source_title, _, wanted) in zip(ours, theirs, strict=False):
        for what in ("paragraphs", "items", "quotes"):
            if counts[what] != wanted[what]:
                label = {"items": "list items"}.get(what, what)
                found.append(
                    f"{_rel(path)}:{line}: section “{title}” has {counts[what]} {label}, "
                    f"the source's “{source_title}” has {wanted[what]}"
                )
    return found


def _anchors(path: Path) -> set[str]:
    body, _ = _body(path)
    return set(ANCHOR.findall(body))


def link_problems(path: Path, code: str) -> list[str]:
    found = []
    body, offset = _body(path)
    others = [c for c in language_codes() if c != code]
    for number, line in enumerate(body.split("\n"), offset + 1):
        for target in LINK.findall(line):
            if re.match(r"^[a-z]+:", target):
                continue
            page, _, anchor = target.partition("#")
            if page:
                relative = (path.parent / page).resolve()
                if not page.endswith(".md"):
                    continue  # downloads and assets: MkDocs' own check covers them
                candidates = [relative]
                try:
                    inside = relative.relative_to(DOCS / code)
                    candidates.append(DOCS / default_language() / inside)
                except ValueError:
                    pass
                linked = next((c for c in candidates if c.exists()), None)
                if linked is None:
                    found.append(f"{_rel(path)}:{number}: link to {page}: no such page")
                    continue
            else:
                linked = path
            if anchor and not anchor.startswith("lw-") and anchor not in _anchors(linked):
                found.append(f"{_rel(path)}:{number}: link to {target}: no anchor #{anchor} there")
        include = contributions.INCLUDE.match(line)
        if include:
            parts = re.split(r"[/.]", include[1])
            foreign = [c for c in others if c in parts]
            if foreign:
                found.append(
                    f"{_rel(path)}:{number}: includes another language's file ({include[1]})"
                )
    return found


def page_problems(code: str) -> list[str]:
    found = []
    from letters.scaffold import retarget_includes

    for path in sorted((DOCS / code).rglob("*.md")):
        try:
            meta, body = contributions.split_front_matter(path.read_text(encoding="utf-8"))
        except yaml.YAMLError as error:
            mark = getattr(error, "problem_mark", None)
            line = mark.line + 2 if mark else 1  # +1 for the opening ---
            found.append(f"{_rel(path)}:{line}: malformed front matter")
            continue
        found += link_problems(path, code)
        source_name = meta.get("translation_of")
        if not source_name:
            continue
        source = DOCS / source_name
        if not source.exists():
            found.append(
                f"{_rel(path)}:1: translation_of names {source_name}, which does not exist"
            )
            continue
        _, source_body = contributions.split_front_matter(source.read_text(encoding="utf-8"))
        source_lang = source_name.split("/")[0]
        if body.strip() == retarget_includes(source_body, source_lang, code).strip():
            found.append(f"{_rel(path)}:1: untouched scaffold: still the text of {source_name}")
            continue
        found += structure_problems(path, source)
    return found


# -- letters, glossary, rules ----------------------------------------------------------------


def letter_problems(code: str) -> list[str]:
    found = []
    glossary_path = TEMPLATES / "variables.yml"
    glossary, glossary_node = _yaml(glossary_path, found)
    glossary_lines = (
        {k.value: k.start_mark.line + 1 for k, _ in glossary_node.value}
        if isinstance(glossary_node, yaml.MappingNode)
        else {}
    )
    described = set()
    for template in sorted(TEMPLATES.glob(f"*/*/{code}.j2")):
        folder = template.parent
        record, _ = _yaml(folder / "letter.yml", found)
        variables = set((record or {}).get("variables") or [])
        example = folder / f"{code}.yml"
        if not example.exists():
            found.append(f"{_rel(example)}:1: missing: the example data of {_rel(template)}")
        else:
            _yaml(example, found)
        text = template.read_text(encoding="utf-8")
        try:
            used = meta.find_undeclared_variables(environment(code).parse(text))
        except jinja2.TemplateSyntaxError as error:
            found.append(f"{_rel(template)}:{error.lineno}: template error: {error.message}")
            continue
        for name in sorted(used - variables):
            line = next(
                (n for n, ln in enumerate(text.split("\n"), 1) if re.search(rf"\b{name}\b", ln)), 1
            )
            found.append(f"{_rel(template)}:{line}: undefined variable {name} (not in letter.yml)")
        for name in sorted(variables):
            entry = (glossary or {}).get(name) or {}
            languages = entry.get("languages")
            if name in described or (languages and code not in languages):
                continue
            described.add(name)
            if code not in (entry.get("description") or {}):
                found.append(
                    f"{_rel(glossary_path)}:{glossary_lines.get(name, 1)}: "
                    f"{name}: no {code} description"
                )
    return found


def guide_problems(code: str) -> list[str]:
    found = []
    for folder in sorted(p.parent for p in RULES.glob("*/rules.yml") if p.parent.name != "common"):
        guide_page = DOCS / code / "guides" / folder.name / "index.md"
        if not guide_page.exists():
            continue
        shared, _ = _yaml(folder / "rules.yml", found)
        for letter in sorted((TEMPLATES / folder.name).glob("*/letter.yml")):
            if not (letter.parent / f"{code}.j2").exists():
                found.append(
                    f"{_rel(guide_page)}:1: the translated guide needs the letter "
                    f"{folder.name}/{letter.parent.name} in {code} "
                    f"(letters new-letter --lang {code} {folder.name}/{letter.parent.name})"
                )
        texts_path = folder / f"{code}.yml"
        if not texts_path.exists():
            found.append(f"{_rel(texts_path)}:1: missing: the guide's title and rule texts")
            continue
        texts, node = _yaml(texts_path, found)
        if texts is None:
            continue
        rules_node = (
            next((v for k, v in node.value if k.value == "rules"), node)
            if isinstance(node, yaml.MappingNode)
            else None
        )
        line = rules_node.start_mark.line + 1 if rules_node is not None else 1
        ours = (texts or {}).get("rules") or {}
        for rule in (shared or {}).get("rules") or []:
            entry = ours.get(rule["id"]) or {}
            for field in ("title", "explanation"):
                if not entry.get(field):
                    found.append(f"{_rel(texts_path)}:{line}: {rule['id']}: no {field}")
    return found


def problems(code: str) -> list[str]:
    if code not in language_codes():
        known = ", ".join(language_codes())
        raise InputError("CODE", f"unknown language {code!r} (known: {known})")
    if code == default_language():
        raise InputError("CODE", f"{code!r} is the source language: there is nothing to compare")
    return [
        *strings_problems(code),
        *page_problems(code),
        *letter_problems(code),
        *guide_problems(code),
    ]
