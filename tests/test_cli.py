"""python -m letters: the exact interface, and a one-line error with exit status 2 for bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import copy_project, run_cli

from letters.catalog import letters
from letters.render import render

ROOT = Path(__file__).resolve().parent.parent


def run(
    *args: str, cwd: Path = ROOT, pythonpath: Path | None = None
) -> subprocess.CompletedProcess:
    """The `letters` command: in this process when it reads this project (fast), as a real
    process when a test gives it a changed copy of the project."""
    if pythonpath is None and cwd == ROOT:
        result = run_cli(*args)
        return subprocess.CompletedProcess(
            args, result.returncode, result.stdout.decode("utf-8"), result.stderr
        )
    return real_process(*args, cwd=cwd, pythonpath=pythonpath)


def real_process(
    *args: str, cwd: Path = ROOT, pythonpath: Path | None = None
) -> subprocess.CompletedProcess:
    env = {"PATH": "/usr/bin:/bin", **({"PYTHONPATH": str(pythonpath)} if pythonpath else {})}
    return subprocess.run(
        [sys.executable, "-m", "letters", *args], capture_output=True, text=True, cwd=cwd, env=env
    )


def test_list_json():
    result = real_process("list", "--format", "json")  # one true end-to-end run of the command
    assert result.returncode == 0
    entries = json.loads(result.stdout)
    assert {e["id"] for e in entries} == set(letters())
    for entry in entries:
        assert set(entry) == {"id", "guide", "scenarios", "languages"}
        assert entry["languages"] == letters()[entry["id"]].languages


def test_render_txt_to_stdout_and_file(tmp_path):
    result = run("render", "reminder/overdue-invoice", "--lang", "hi")
    assert result.returncode == 0
    assert result.stdout == render(letters()["reminder/overdue-invoice"], "hi").txt()
    assert result.stdout.startswith("विषय: ")  # the subject label in the letter's language
    target = tmp_path / "letter.eml"
    result = run(
        "render", "bad-news/billing-error", "--lang", "bn", "--format", "eml", "-o", str(target)
    )
    assert result.returncode == 0 and result.stdout == ""
    assert target.read_bytes() == render(letters()["bad-news/billing-error"], "bn").eml()


def test_render_eml_is_a_reproducible_draft(tmp_path):
    """X-Unsent: 1 makes Outlook, Thunderbird and Apple Mail open the file as a new message."""
    import email
    from email import policy

    first, second = tmp_path / "a.eml", tmp_path / "b.eml"
    for target in (first, second):
        args = ("render", "reminder/overdue-invoice", "--lang", "cs", "--format", "eml")
        assert run(*args, "-o", str(target)).returncode == 0
    assert first.read_bytes() == second.read_bytes()
    message = email.message_from_bytes(first.read_bytes(), policy=policy.default)
    assert message["X-Unsent"] == "1"
    assert message["Subject"] and message.get_content().strip()


def test_render_with_own_data(tmp_path):
    data = tmp_path / "mine.yml"
    source = letters()["reminder/event"].example_path("en").read_text(encoding="utf-8")
    data.write_text(source.replace("Lucia Rivera", "Ana Ruiz"), encoding="utf-8")
    result = run("render", "reminder/event", "--lang", "en", "--data", str(data), "--format", "eml")
    assert result.returncode == 0 and "Ana Ruiz" in result.stdout


def test_check_exit_codes_and_text_format(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text(render(letters()["reminder/event"], "cs").txt(), encoding="utf-8")
    assert (
        run(
            "check", str(good), "--guide", "reminder", "--lang", "cs", "--scenario", "event"
        ).returncode
        == 0
    )
    bad = tmp_path / "bad.txt"
    bad.write_text(
        "Dear Sir,\n\nPAY IMMEDIATELY, this is your final warning.\n\nKind regards,\nJ\n",
        encoding="utf-8",
    )
    result = run("check", str(bad), "--guide", "reminder", "--lang", "en", "--scenario", "payment")
    assert result.returncode == 1
    lines = result.stdout.strip().splitlines()
    assert all(line.startswith(f"{bad}:") and ": reminder." in line for line in lines)
    assert f"{bad}:3:5: reminder.polite-tone: " in result.stdout


def test_check_json_format(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_text(
        "Hello,\n\nThis is ridiculous!! Refund me.\n\nKind regards,\nSam\n", encoding="utf-8"
    )
    result = run(
        "check",
        str(bad),
        "--guide",
        "customer-service",
        "--lang",
        "en",
        "--scenario",
        "return",
        "--format",
        "json",
    )
    assert result.returncode == 1
    (report,) = json.loads(result.stdout)["files"]
    assert set(report) == {"file", "guide", "lang", "scenarios", "findings", "passed", "manual"}
    assert report["scenarios"] == ["return"]
    assert report["manual"] == ["customer-service.check-website", "customer-service.right-channel"]
    ridiculous = next(f for f in report["findings"] if f["match"] == "ridiculous")
    assert (ridiculous["line"], ridiculous["column"]) == (3, 9)
    missing = next(f for f in report["findings"] if f["rule"] == "customer-service.subject-line")
    assert (missing["line"], missing["column"], missing["match"]) == (1, 1, None)
    assert set(report["findings"][0]) == {"rule", "line", "column", "message", "match"}


def test_check_reports_in_the_chosen_language(tmp_path):
    draft = tmp_path / "koncept.txt"
    draft.write_text("Dobrý den,\n\nkde je zboží?\n\nS pozdravem\nJan\n", encoding="utf-8")
    result = run(
        "check", str(draft), "--guide", "customer-service", "--lang", "cs", "--scenario", "delivery"
    )
    assert "chybí číslo objednávky" in result.stdout


def test_rules_outside_the_scenario_appear_nowhere(tmp_path):
    draft = tmp_path / "d.txt"
    draft.write_text(render(letters()["bad-news/credit-denied"], "en").txt(), encoding="utf-8")
    result = run("check", str(draft), "--guide", "bad-news", "--lang", "en", "--format", "json")
    assert result.returncode == 0
    assert (
        "bad-news.referral" not in result.stdout
        and "bad-news.corrective-action" not in result.stdout
    )


def test_check_accepts_eml(tmp_path):
    message = tmp_path / "m.eml"
    message.write_bytes(render(letters()["customer-service/return-refund"], "is").eml())
    result = run(
        "check", str(message), "--guide", "customer-service", "--lang", "is", "--scenario", "return"
    )
    assert result.returncode == 0, result.stdout


def data_file(tmp_path: Path, name: str, change) -> Path:
    source = letters()["reminder/overdue-invoice"].example_path("en")
    target = tmp_path / f"{name}.yml"
    content = change(source.read_text(encoding="utf-8"))
    target.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return target


RENDER = ("render", "reminder/overdue-invoice", "--lang", "en")
CHECK = ("--guide", "reminder", "--lang", "en", "--scenario", "payment")


def bad_inputs(tmp: Path) -> dict[str, tuple[tuple[str, ...], str]]:
    """name -> (arguments, what the one-line error must mention)"""
    (tmp / "empty.txt").write_text("", encoding="utf-8")
    (tmp / "blank.txt").write_text("  \n\t\n", encoding="utf-8")
    (tmp / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    (tmp / "cp1250.txt").write_bytes("Vážený pane,\n\nděkuji.".encode("cp1250"))
    (tmp / "ok.txt").write_text(
        "Dear Ms Lee,\n\nThank you.\n\nKind regards,\nAmy\n", encoding="utf-8"
    )
    (tmp / "a-folder").mkdir()
    return {
        "unknown letter": (("render", "reminder/nope", "--lang", "en"), "reminder/nope"),
        "unknown language": (("render", "reminder/event", "--lang", "xx"), "'xx'"),
        "letter not in that language": (("render", "reminder/event", "--lang", "bn"), "'bn'"),
        "missing data file": ((*RENDER, "--data", str(tmp / "nope.yml")), "nope.yml"),
        "malformed data file": (
            (*RENDER, "--data", str(data_file(tmp, "malformed", lambda t: t + "amount: [1,\n"))),
            "malformed YAML",
        ),
        "data file not a mapping": (
            (*RENDER, "--data", str(data_file(tmp, "list", lambda t: "- a\n- b\n"))),
            "mapping",
        ),
        "missing variable": (
            (
                *RENDER,
                "--data",
                str(data_file(tmp, "missing", lambda t: t.replace("due_date: 2026-03-03\n", ""))),
            ),
            "due_date",
        ),
        "wrong type": (
            (
                *RENDER,
                "--data",
                str(
                    data_file(
                        tmp,
                        "wrongtype",
                        lambda t: t.replace("due_date: 2026-03-03", "due_date: soon"),
                    )
                ),
            ),
            "due_date must be date",
        ),
        "wrong money": (
            (
                *RENDER,
                "--data",
                str(
                    data_file(
                        tmp,
                        "wrongmoney",
                        lambda t: t.replace("{amount: 1250.00, currency: GBP}", "1250"),
                    )
                ),
            ),
            "amount must be money",
        ),
        "unknown variable": (
            (*RENDER, "--data", str(data_file(tmp, "unknown", lambda t: t + "colour: red\n"))),
            "colour",
        ),
        "non-UTF-8 data": (
            (
                *RENDER,
                "--data",
                str(
                    data_file(
                        tmp, "latin1", lambda t: t.replace("Novak", "Nováková").encode("latin-1")
                    )
                ),
            ),
            "UTF-8",
        ),
        "output folder missing": ((*RENDER, "-o", str(tmp / "no" / "such" / "out.txt")), "out.txt"),
        "output is a folder": ((*RENDER, "-o", str(tmp / "a-folder")), "a-folder"),
        "unknown format": ((*RENDER, "--format", "pdf"), "pdf"),
        "unknown guide": (
            ("check", str(tmp / "ok.txt"), "--guide", "poetry", "--lang", "en"),
            "poetry",
        ),
        "unknown scenario": (
            (
                "check",
                str(tmp / "ok.txt"),
                "--guide",
                "reminder",
                "--lang",
                "en",
                "--scenario",
                "birthday",
            ),
            "birthday",
        ),
        "no scenario for reminder": (
            ("check", str(tmp / "ok.txt"), "--guide", "reminder", "--lang", "en"),
            "exactly one scenario",
        ),
        "two scenarios for customer service": (
            (
                "check",
                str(tmp / "ok.txt"),
                "--guide",
                "customer-service",
                "--lang",
                "en",
                "--scenario",
                "return,support",
            ),
            "exactly one scenario",
        ),
        "check language unknown": (
            (
                "check",
                str(tmp / "ok.txt"),
                "--guide",
                "reminder",
                "--lang",
                "klingon",
                "--scenario",
                "payment",
            ),
            "klingon",
        ),
        "empty file": (("check", str(tmp / "empty.txt"), *CHECK), "empty.txt"),
        "whitespace-only file": (("check", str(tmp / "blank.txt"), *CHECK), "blank.txt"),
        "binary file": (("check", str(tmp / "binary.txt"), *CHECK), "binary"),
        "non-UTF-8 letter": (("check", str(tmp / "cp1250.txt"), *CHECK), "UTF-8"),
        "missing letter file": (("check", str(tmp / "gone.txt"), *CHECK), "gone.txt"),
        "letter is a folder": (("check", str(tmp / "a-folder"), *CHECK), "a-folder"),
        "letter path through a file": (
            ("check", str(tmp / "ok.txt" / "letter.txt"), *CHECK),
            "Not a directory",
        ),
        "no command": ((), "usage"),
    }


BAD_INPUT_NAMES = [
    "unknown letter",
    "unknown language",
    "letter not in that language",
    "missing data file",
    "malformed data file",
    "data file not a mapping",
    "missing variable",
    "wrong type",
    "wrong money",
    "unknown variable",
    "non-UTF-8 data",
    "output folder missing",
    "output is a folder",
    "unknown format",
    "unknown guide",
    "unknown scenario",
    "no scenario for reminder",
    "two scenarios for customer service",
    "check language unknown",
    "empty file",
    "whitespace-only file",
    "binary file",
    "non-UTF-8 letter",
    "missing letter file",
    "letter is a folder",
    "letter path through a file",
    "no command",
]


def test_every_bad_input_is_tested(tmp_path):
    assert sorted(bad_inputs(tmp_path)) == sorted(BAD_INPUT_NAMES)
    assert len(BAD_INPUT_NAMES) >= 15


@pytest.mark.parametrize("name", BAD_INPUT_NAMES)
def test_bad_input_gives_one_line_and_exit_2(tmp_path, name):
    args, mention = bad_inputs(tmp_path)[name]
    before = sorted(p.name for p in tmp_path.rglob("*"))
    result = run(*args)
    assert result.returncode == 2, result
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert mention in result.stderr, result.stderr
    assert sorted(p.name for p in tmp_path.rglob("*")) == before, "something was written"


def test_template_that_tries_to_escape_the_sandbox(tmp_path):
    copy_project(tmp_path, ("letters",))
    template = tmp_path / "letters" / "templates" / "reminder" / "event" / "en.j2"
    template.write_text(
        "Subject: {{ event_name.__class__.__mro__[1].__subclasses__() }}\n\n{{ salutation }}\n",
        encoding="utf-8",
    )
    out = tmp_path / "out.txt"
    result = run(
        "render",
        "reminder/event",
        "--lang",
        "en",
        "-o",
        str(out),
        cwd=tmp_path,
        pythonpath=tmp_path,
    )
    assert result.returncode == 2
    assert "sandbox" in result.stderr and "en.j2" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert not out.exists()


def test_template_with_an_undefined_variable(tmp_path):
    copy_project(tmp_path, ("letters",))
    template = tmp_path / "letters" / "templates" / "reminder" / "event" / "en.j2"
    template.write_text("Subject: Hi\n\n{{ salutation }} {{ nickname }}\n", encoding="utf-8")
    result = run("render", "reminder/event", "--lang", "en", cwd=tmp_path, pythonpath=tmp_path)
    assert result.returncode == 2
    assert "nickname" in result.stderr and "en.j2" in result.stderr
