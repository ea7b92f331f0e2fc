import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT))
from evaluate import corpus_letters, held_out

from letters import drafts
from letters.check import check_draft, read_letter
from letters.rules import guides

want = sys.argv[1:]
for l in corpus_letters():
    key = f"{l.lang}/{l.file}"
    if not any(w in key for w in want):
        continue
    if held_out(l.file):
        print("HELD OUT, skipped", key)
        continue
    text = drafts.read(l.file, l.path.read_bytes())
    d = read_letter(text, l.lang)
    print("=====", key, l.scenarios, "expected:", sorted(l.breaks))
    print(
        "subject:",
        repr(d.part(d.subject)),
        "| greeting:",
        repr(d.part(d.greeting)),
        "| closing:",
        repr(d.part(d.closing)),
    )
    r = check_draft(text, guides()[l.guide], l.lang, l.scenarios)
    for f in r.findings:
        print("  ", f.rule, f.line, f.message[:140], "|", f.match)
    if "-v" in want or len(want) == 1:
        print(text[:1500])
