"""The letterwise MkDocs plugin: languages from languages.yml, fresh data every build, `ONLY=`,
and `make clean`."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from mkdocs.config import load_config
from mkdocs.exceptions import PluginError

from letters import data, schema
from letters.data import default_language, language_codes, languages, strings

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def config(monkeypatch):
    monkeypatch.delenv("LETTERWISE_ONLY", raising=False)
    return load_config(str(ROOT / "mkdocs.yml"))


def test_mkdocs_yml_names_the_plugin_and_no_python():
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert "!!python" not in text
    assert "\n  - letterwise:" in text and "\nhooks:" not in text


def test_static_i18n_gets_the_languages_of_languages_yml(config):
    config.plugins["letterwise"].on_config(config)
    i18n = config.plugins["i18n"]
    assert [item.locale for item in i18n.config.languages] == language_codes()
    assert [item.name for item in i18n.config.languages] == [item.name for item in languages()]
    assert i18n.default_language == default_language()
    assert i18n.build_languages == language_codes()
    czech = i18n.get_language_config("cs")
    assert czech.site_description == strings("cs")["site_description"]


def test_only_builds_one_language_at_the_root(config):
    config.plugins["letterwise"].config.only = "cs"
    config.plugins["letterwise"].on_config(config)
    i18n = config.plugins["i18n"]
    assert i18n.build_languages == ["cs"] and i18n.default_language == "cs"


def test_an_unknown_only_is_one_line_naming_it(config):
    config.plugins["letterwise"].config.only = "xx"
    with pytest.raises(PluginError, match=r"^ONLY: unknown language 'xx' \(known: en, "):
        config.plugins["letterwise"].on_config(config)


def test_every_build_reads_the_data_files_again(config, tmp_path, monkeypatch):
    """The cached loaders are forgotten when a build starts: `mkdocs serve` shows edits."""
    shutil.copytree(data.STRINGS_DIR, tmp_path / "strings")
    monkeypatch.setattr(data, "STRINGS_DIR", tmp_path / "strings")
    data.fresh_build()
    try:
        assert strings("en")["site_name"] == "Letterwise"
        english = tmp_path / "strings" / "en.yml"
        english.write_text(
            english.read_text(encoding="utf-8").replace(
                "site_name: Letterwise", "site_name: Edited"
            ),
            encoding="utf-8",
        )
        assert strings("en")["site_name"] == "Letterwise"  # one build reads a file once
        config.plugins["letterwise"].on_config(config)
        assert strings("en")["site_name"] == "Edited"
    finally:
        monkeypatch.undo()
        data.fresh_build()


def test_make_clean_removes_every_generated_file(tmp_path):
    shutil.copy(ROOT / "Makefile", tmp_path / "Makefile")
    generated = [
        "site/index.html",
        "snippets/generated/letters/x/page.md",
        "tests/artifacts/shot.png",
        "letters/__pycache__/x.pyc",
    ]
    for name in generated:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x")
    (tmp_path / "snippets" / "kept.md").write_text("a source")
    subprocess.run(["make", "-s", "clean"], cwd=tmp_path, check=True)
    assert [name for name in generated if (tmp_path / name).exists()] == []
    assert (tmp_path / "snippets" / "kept.md").exists()


def test_a_one_language_preview_renders_and_checks_only_its_letters():
    from letters.site.examples import examples

    every = examples()
    czech = examples({"cs"})
    assert czech and {e.lang for e in czech} == {"cs"}
    assert len(czech) == sum(1 for e in every if e.lang == "cs") < len(every)


def test_a_file_parsed_again_is_a_copy_no_reader_can_change(tmp_path):
    # Parsing is cached by text across rebuilds: a reader that changes its data must not change
    # what the next build reads.
    path = tmp_path / "data.yml"
    path.write_text("words: [one, two]\n", encoding="utf-8")
    first = schema.parse(path)
    first["words"].append("three")
    assert schema.parse(path) == {"words": ["one", "two"]}
