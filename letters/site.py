"""What the MkDocs build reads from the letters package's data files."""

from __future__ import annotations

from letters.data import languages, strings


def i18n_languages() -> list[dict]:
    """mkdocs-static-i18n's `languages` option, built from languages.yml and the strings files.

    mkdocs.yml calls this through a YAML tag, so languages are declared in one place only.
    """
    return [
        {
            "locale": language.code,
            "name": language.name,
            "default": language.default,
            "build": True,
            "site_name": strings(language.code)["site_name"],
            "site_description": strings(language.code)["site_description"],
            "nav_translations": strings(language.code)["nav"],
        }
        for language in languages()
    ]
