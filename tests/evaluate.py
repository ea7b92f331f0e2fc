"""Measure the checker on the evaluation corpus (tests/corpus/, see its README).

    python tests/evaluate.py              per-rule precision and recall, per language, false alarms
    python tests/evaluate.py --show       also every wrong verdict of the tuning part (never of
                                          the held-out part: those letters are not for tuning)
    python tests/evaluate.py --letter cs/reminder-dentist
                                          a tuning letter's parts as the checker reads them and
                                          its findings (held-out letters are refused)

The tests (tests/test_evaluation.py, tests/test_evaluation_thresholds.py) hold `evaluate()` to the
thresholds below; under pytest-xdist the two workers split the corpus (conftest.corpus_results).
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from letters import drafts  # noqa: E402
from letters.check import check_draft, read_letter  # noqa: E402
from letters.rules import complete_languages, guides  # noqa: E402

CORPUS = ROOT / "tests" / "corpus"
# libyaml's parser reads the verdicts (3,000 entries) ten times faster than the pure-Python one.
YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
MIN_PRECISION = MIN_RECALL = 0.9
MAX_GOOD_LETTER_FALSE_ALARMS = 0.05


def held_out(file_name: str) -> bool:
    return int(hashlib.sha256(file_name.encode("utf-8")).hexdigest(), 16) % 3 == 0


@dataclass
class Letter:
    lang: str
    file: str
    guide: str
    scenarios: tuple[str, ...]
    breaks: frozenset[str]

    @property
    def path(self) -> Path:
        return CORPUS / self.lang / self.file

    @property
    def part(self) -> str:
        return "held-out" if held_out(self.file) else "tuning"


@dataclass
class Verdict:
    letter: Letter
    found: frozenset[str]
    applicable: frozenset[str]  # automated rules that apply to the letter's scenarios

    @property
    def false_alarms(self) -> frozenset[str]:
        return self.found - self.letter.breaks

    @property
    def misses(self) -> frozenset[str]:
        return self.letter.breaks - self.found


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0

    def add(self, expected: bool, found: bool) -> None:
        if expected and found:
            self.tp += 1
        elif found:
            self.fp += 1
        elif expected:
            self.fn += 1
        else:
            self.tn += 1

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def accuracy(self) -> float:
        total = self.tp + self.fp + self.fn + self.tn
        return (self.tp + self.tn) / total if total else 1.0


@dataclass
class Results:
    verdicts: list[Verdict] = field(default_factory=list)

    def select(self, part: str | None = None, lang: str | None = None) -> list[Verdict]:
        return [
            v
            for v in self.verdicts
            if (part is None or v.letter.part == part) and (lang is None or v.letter.lang == lang)
        ]

    def by_rule(self, verdicts: list[Verdict]) -> dict[str, Counts]:
        counts: dict[str, Counts] = {}
        for verdict in verdicts:
            for rule in sorted(verdict.applicable):
                counts.setdefault(rule, Counts()).add(
                    rule in verdict.letter.breaks, rule in verdict.found
                )
        return counts

    def overall(self, verdicts: list[Verdict]) -> Counts:
        total = Counts()
        for counts in self.by_rule(verdicts).values():
            total.tp += counts.tp
            total.fp += counts.fp
            total.fn += counts.fn
            total.tn += counts.tn
        return total

    def good_letter_false_alarm_rate(self, verdicts: list[Verdict]) -> float:
        good = [v for v in verdicts if not v.letter.breaks]
        return sum(1 for v in good if v.found) / len(good) if good else 0.0


def corpus_letters(languages: list[str] | None = None, list_all: bool = False) -> list[Letter]:
    found = []
    every = sorted(path.name for path in CORPUS.iterdir() if path.is_dir())
    for lang in every if list_all else (languages or complete_languages()):
        verdicts_file = CORPUS / lang / "verdicts.yml"
        if not verdicts_file.exists():
            continue
        for entry in yaml.load(verdicts_file.read_text(encoding="utf-8"), Loader=YAML_LOADER):
            found.append(
                Letter(
                    lang=lang,
                    file=entry["file"],
                    guide=entry["guide"],
                    scenarios=tuple(entry.get("scenarios") or ()),
                    breaks=frozenset(entry.get("breaks") or ()),
                )
            )
    return found


# Files under letters/ that the checker never reads: an edit there leaves its verdicts as they were.
NOT_READ_BY_THE_CHECKER = ("letters/templates/", "letters/strings/")


def checker_inputs(lang: str) -> list[Path]:
    """Every file the checker's verdicts on a language's corpus letters depend on: its code and
    data (but other languages' rule files), this script, the locked requirements, and the
    language's letters and verdicts."""
    others = {f"{code}.yml" for code in complete_languages() if code != lang}
    files = [ROOT / "tests" / "evaluate.py", ROOT / "requirements.lock"]
    for path in sorted((ROOT / "letters").rglob("*")):
        relative = path.relative_to(ROOT).as_posix()
        if not path.is_file() or "__pycache__" in relative:
            continue
        if relative.startswith(NOT_READ_BY_THE_CHECKER):
            continue
        if relative.startswith("letters/rules/") and path.name in others:
            continue
        files.append(path)
    return files + sorted(path for path in (CORPUS / lang).rglob("*") if path.is_file())


def checker_inputs_digest(lang: str) -> str:
    digest = hashlib.sha256(sys.version.encode())
    for path in checker_inputs(lang):
        digest.update(path.relative_to(ROOT).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def evaluate(
    languages: list[str] | None = None, prefix: str = "", share: tuple[int, int] = (0, 1)
) -> Results:
    """The checker on the corpus; `share` (k, n) checks every n-th letter from the k-th, so that
    n workers can split a language between them."""
    results = Results()
    first, step = share
    for letter in corpus_letters(languages)[first::step]:
        if not letter.file.startswith(prefix):
            continue
        guide = guides()[letter.guide]
        text = drafts.read(letter.file, letter.path.read_bytes())
        report = check_draft(text, guide, letter.lang, letter.scenarios)
        applicable = frozenset(
            rule.id for rule in guide.rules if rule.automated and rule.applies_to(letter.scenarios)
        )
        # A writer's verdict may name a rule that has since become a checklist item: the checker
        # is judged on the automated rules only.
        letter.breaks = letter.breaks & applicable
        found = frozenset(finding.rule for finding in report.findings)
        results.verdicts.append(Verdict(letter, found, applicable))
    return results


def _row(name: str, counts: Counts) -> str:
    return (
        f"| {name} | {counts.tp + counts.fn} | {counts.tp + counts.fp + counts.fn + counts.tn} "
        f"| {counts.precision:.2f} | {counts.recall:.2f} |"
    )


def report(results: Results, show: bool = False) -> str:
    lines = []
    tuning, held = results.select("tuning"), results.select("held-out")
    lines += [
        "## Per rule, tuning part",
        "",
        "| rule | must fire | letters | precision | recall |",
        "|---|---|---|---|---|",
    ]
    lines += [_row(rule, counts) for rule, counts in results.by_rule(tuning).items()]
    lines += [
        "",
        "## Per rule, held-out part (totals only: these letters are never read while tuning)",
        "",
        "| rule | must fire | letters | precision | recall |",
        "|---|---|---|---|---|",
    ]
    lines += [_row(rule, counts) for rule, counts in results.by_rule(held).items()]
    lines += [
        "",
        "## Per rule, whole corpus",
        "",
        "| rule | must fire | letters | precision | recall |",
        "|---|---|---|---|---|",
    ]
    lines += [_row(rule, counts) for rule, counts in results.by_rule(results.verdicts).items()]
    lines += [
        "",
        "## Totals",
        "",
        "| part | language | letters | verdicts right | precision | recall"
        " | good letters with a false alarm |",
        "|---|---|---|---|---|---|---|",
    ]
    languages = sorted({v.letter.lang for v in results.verdicts})
    for part_name, part in (("tuning", tuning), ("held-out", held), ("all", results.verdicts)):
        for lang in [*languages, None]:
            chosen = [v for v in part if lang is None or v.letter.lang == lang]
            if not chosen:
                continue
            total = results.overall(chosen)
            good = [v for v in chosen if not v.letter.breaks]
            alarms = sum(1 for v in good if v.found)
            lines.append(
                f"| {part_name} | {lang or 'all'} | {len(chosen)} | {total.accuracy:.1%} "
                f"| {total.precision:.2f} | {total.recall:.2f} | {alarms}/{len(good)} |"
            )
    if show:
        lines += ["", "## Wrong verdicts (tuning part only)", ""]
        for verdict in tuning:
            if verdict.false_alarms or verdict.misses:
                wrong = [f"+{r}" for r in sorted(verdict.false_alarms)]
                wrong += [f"-{r}" for r in sorted(verdict.misses)]
                lines.append(f"- {verdict.letter.lang}/{verdict.letter.file}: {' '.join(wrong)}")
    return "\n".join(lines)


def show_letter(part_of_name: str) -> str:
    """A tuning letter as the checker reads it, for whoever tunes a language's words."""
    lines = []
    for letter in corpus_letters(list_all=True):
        key = f"{letter.lang}/{letter.file}"
        if part_of_name not in key:
            continue
        if held_out(letter.file):
            lines.append(f"{key}: held out, not shown")
            continue
        text = drafts.read(letter.file, letter.path.read_bytes())
        draft = read_letter(text, letter.lang)
        report = check_draft(text, guides()[letter.guide], letter.lang, letter.scenarios)
        lines += [
            f"== {key} {list(letter.scenarios)} expected: {sorted(letter.breaks)}",
            f"subject: {draft.part(draft.subject)!r} | greeting: {draft.part(draft.greeting)!r}"
            f" | closing: {draft.part(draft.closing)!r}",
            *(f"  {f.line}:{f.column} {f.rule}: {f.message}" for f in report.findings),
            text,
        ]
    return "\n".join(lines) or f"no letter matches {part_of_name!r}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", action="store_true", help="list the tuning part's wrong verdicts")
    parser.add_argument("--lang", action="append", help="only these languages")
    parser.add_argument("--letter", help="show a tuning letter whose lang/name contains this")
    parser.add_argument(
        "--prefix", default="", help="only letters whose file name starts with this (a round: r2-)"
    )
    args = parser.parse_args()
    if args.letter:
        print(show_letter(args.letter))
        return 0
    print(report(evaluate(args.lang, args.prefix), args.show))
    return 0


if __name__ == "__main__":
    sys.exit(main())
