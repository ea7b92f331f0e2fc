"""letters (or python -m letters): list the letters, render one, or check a draft against a
guide's rules; and, for contributors, see every translation's state and scaffold new ones.

Exit status: 0 success (for `check`: no automated rule failed in any file), 1 a rule failed,
2 a usage or input error, reported as one line on stderr naming the file and the problem,
3 the checker does not cover the language yet.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

from letters import contributions, drafts
from letters.catalog import letter, letters
from letters.check import Report, check_draft
from letters.data import InputError, language, read_bytes
from letters.render import render
from letters.rules import LanguageNotCovered, conventions, guide

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR, EXIT_NOT_COVERED = 0, 1, 2, 3


class UsageError(Exception):
    pass


class Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line and exit status 2, like every other error."""

    def error(self, message: str):
        raise UsageError(message)


def build_parser() -> Parser:
    parser = Parser(prog="python -m letters", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True, parser_class=Parser)

    listing = commands.add_parser("list", help="list the example letters")
    listing.add_argument("--format", choices=["text", "json"], default="text")

    rendering = commands.add_parser("render", help="render a letter with its example or your data")
    rendering.add_argument(
        "letter", metavar="LETTER", help="a letter id, e.g. reminder/overdue-invoice"
    )
    rendering.add_argument("--lang", required=True, metavar="LANG")
    rendering.add_argument(
        "--data", type=Path, metavar="FILE.yml", help="your data (default: the example)"
    )
    rendering.add_argument("--format", choices=["txt", "eml"], default="txt")
    rendering.add_argument(
        "-o", "--output", type=Path, metavar="FILE", help="write here (default: stdout)"
    )

    checking = commands.add_parser(
        "check", help="check letters (.txt or .eml, - for stdin) against a guide's rules"
    )
    checking.add_argument("files", nargs="+", metavar="FILE")
    checking.add_argument("--guide", required=True, metavar="GUIDE")
    checking.add_argument("--lang", required=True, metavar="LANG")
    checking.add_argument("--scenario", default="", metavar="S[,S]")
    checking.add_argument("--format", choices=["text", "json"], default="text")
    add_contributor_commands(commands)
    return parser


def add_contributor_commands(commands) -> None:
    """The commands for translators and contributors (letters/contributions.py does the work)."""
    commands.add_parser("translations", help="every translation and its state")
    page = commands.add_parser("new-page", help="scaffold a page translation")
    page.add_argument("--lang", required=True, metavar="LANG")
    page.add_argument("page", metavar="PAGE", help="below docs/en/, e.g. guides/bad-news/index.md")
    letter_ = commands.add_parser("new-letter", help="scaffold a letter translation")
    letter_.add_argument("--lang", required=True, metavar="LANG")
    letter_.add_argument("letter", metavar="LETTER", help="a letter id, e.g. reminder/event")
    commands.add_parser(
        "lint-contributions",
        help="translations keep their source's structure, no file carries unsafe markup; "
        "exit 1 on problems",
    )
    changed = commands.add_parser(
        "changed-sources", help="exit 1 if a source changed since REV without its translations"
    )
    changed.add_argument("--base", required=True, metavar="REV")
    new_language = commands.add_parser(
        "new-language", help="scaffold every file a new language needs (it starts at 0%%)"
    )
    new_language.add_argument("code", metavar="CODE", help="the language code, e.g. sk")
    new_language.add_argument("--name", required=True, help="its name in itself, e.g. Slovenčina")
    new_language.add_argument("--locale", default="", help="its Babel locale (default: CODE)")
    remove_language = commands.add_parser("remove-language", help="remove a language's files")
    remove_language.add_argument("code", metavar="CODE")
    check_translation = commands.add_parser(
        "check-translation",
        help="every problem of one language's translation as file:line: message; exit 1 on any",
    )
    check_translation.add_argument("code", metavar="CODE")


def command_list(args) -> int:
    entries = [
        {
            "id": item.id,
            "guide": item.guide,
            "scenarios": list(item.scenarios),
            "languages": item.languages,
        }
        for item in letters().values()
    ]
    if args.format == "json":
        print(json.dumps(entries, ensure_ascii=False, indent=2))
    else:
        for entry in entries:
            scenarios = ",".join(entry["scenarios"]) or "-"
            print(f"{entry['id']:40} {scenarios:12} {' '.join(entry['languages'])}")
    return EXIT_OK


def write_atomically(path: Path, payload: bytes) -> None:
    """Write all of it or nothing: a temporary file in the same folder, renamed into place."""
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise InputError(path, "its folder does not exist")
    try:
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as error:
        raise InputError(path, f"cannot write: {error.strerror}") from None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(payload)
        os.replace(temporary, path)
    except OSError as error:
        Path(temporary).unlink(missing_ok=True)
        raise InputError(path, f"cannot write: {error.strerror}") from None


def command_render(args) -> int:
    language(args.lang)
    rendered = render(letter(args.letter), args.lang, args.data)
    payload = rendered.eml() if args.format == "eml" else rendered.txt().encode("utf-8")
    if args.output:
        write_atomically(args.output, payload)
    else:
        sys.stdout.buffer.write(payload)
        sys.stdout.flush()
    return EXIT_OK


def read_draft(name: str) -> str:
    """A draft's text from a file, or from standard input for "-"."""
    limit = drafts.MAX_LETTER_BYTES + 1  # enough to tell that a file is too large, no more
    data = sys.stdin.buffer.read(limit) if name == "-" else read_bytes(Path(name), limit)
    return drafts.read(name, data)


def command_check(args) -> int:
    language(args.lang)
    rules = guide(args.guide)
    scenarios = tuple(s for s in args.scenario.split(",") if s)
    try:
        conventions(args.lang)
        if args.lang not in rules.title:
            raise LanguageNotCovered("--lang", f"no {args.lang!r} rule texts for {rules.id}")
    except LanguageNotCovered as error:
        print(f"letters: {error.problem}", file=sys.stderr)
        return EXIT_NOT_COVERED
    results, status = [], EXIT_OK
    for name in args.files:
        try:
            report = check_draft(read_draft(name), rules, args.lang, scenarios)
        except InputError as error:
            if error.source.startswith("--"):
                raise  # a usage problem, the same for every file
            print(f"letters: {error.source}: {error.problem}", file=sys.stderr)
            status = EXIT_ERROR
            continue
        results.append((name, report))
        if not report.ok and status == EXIT_OK:
            status = EXIT_FINDINGS
    output = format_reports(results, args.format)
    if output:
        print(output)
    return status


def format_reports(results: list[tuple[str, Report]], fmt: str) -> str:
    if fmt == "json":
        return json.dumps(
            {"files": [report_json(name, report) for name, report in results]},
            ensure_ascii=False,
            indent=2,
        )
    return "\n".join(
        f"{name}:{f.line}:{f.column}: {f.rule}: {f.message}"
        for name, report in results
        for f in report.findings
    )


def report_json(name: str, report: Report) -> dict:
    return {
        "file": name,
        "guide": report.guide,
        "lang": report.lang,
        "scenarios": list(report.scenarios),
        "findings": [
            {
                "rule": f.rule,
                "line": f.line,
                "column": f.column,
                "message": f.message,
                "match": f.match,
            }
            for f in report.findings
        ],
        "passed": report.passed,
        "manual": report.manual,
    }


def command_translations(args) -> int:
    for row in contributions.status():
        cells = "  ".join(f"{code}:{cell.state}" for code, cell in row.cells.items())
        print(f"{row.kind:8} {row.key:45} {cells}")
    return EXIT_OK


def command_new_page(args) -> int:
    print(contributions.scaffold_page(args.lang, args.page).relative_to(contributions.ROOT))
    return EXIT_OK


def command_new_letter(args) -> int:
    for path in contributions.scaffold_letter(args.lang, args.letter):
        print(path.relative_to(contributions.ROOT))
    return EXIT_OK


def command_lint_contributions(args) -> int:
    found = contributions.problems()
    print("\n".join(found) or "no problems")
    return EXIT_FINDINGS if found else EXIT_OK


def command_changed_sources(args) -> int:
    found = contributions.changed_sources(args.base)
    print("\n".join(found) or "every changed source's translations were updated too")
    return EXIT_FINDINGS if found else EXIT_OK


def command_new_language(args) -> int:
    from letters import scaffold

    for path in scaffold.new_language(args.code, args.name, args.locale):
        print(path.relative_to(contributions.ROOT))
    return EXIT_OK


def command_remove_language(args) -> int:
    from letters import scaffold

    for path in scaffold.remove_language(args.code):
        print(path.relative_to(contributions.ROOT))
    return EXIT_OK


def command_check_translation(args) -> int:
    from letters import translation

    found = translation.problems(args.code)
    print("\n".join(found) or f"no problems in the {args.code} translation")
    return EXIT_FINDINGS if found else EXIT_OK


COMMANDS = {
    "list": command_list,
    "render": command_render,
    "check": command_check,
    "translations": command_translations,
    "new-page": command_new_page,
    "new-letter": command_new_letter,
    "lint-contributions": command_lint_contributions,
    "changed-sources": command_changed_sources,
    "new-language": command_new_language,
    "remove-language": command_remove_language,
    "check-translation": command_check_translation,
}


def main(argv: list[str] | None = None) -> int:
    try:
        args = build_parser().parse_args(argv)
        return COMMANDS[args.command](args)
    except UsageError as error:
        print(f"letters: usage: {error} (see python -m letters --help)", file=sys.stderr)
    except InputError as error:
        print(f"letters: {error.source}: {error.problem}", file=sys.stderr)
    except BrokenPipeError:
        return EXIT_OK
    return EXIT_ERROR
