"""static-i18n's `languages` option, built from letters/languages.yml and the strings files, so
that the site's languages are declared in one place.

static-i18n validates its options when mkdocs.yml loads, before any plugin runs, and it has no
option to read them from another file; MkDocs' YAML offers `!ENV` and `!relative` only. So
mkdocs.yml gives static-i18n a one-entry placeholder that passes that check, and the letterwise
plugin's `on_config` (priority 0, before static-i18n's at -100) replaces it with this list,
validated by static-i18n's own config class: a mistake is reported as static-i18n would.
"""

from __future__ import annotations

from mkdocs_static_i18n.config import I18nPluginConfig

from letters.data import LANGUAGES_FILE, InputError, language_codes, languages, strings
from letters.rules import guides


def i18n_languages() -> list[dict]:
    """mkdocs-static-i18n's `languages` option."""
    return [
        {
            "locale": lang.code,
            "name": lang.name,
            "default": lang.default,
            "build": True,
            "site_name": strings(lang.code)["site_name"],
            "site_description": strings(lang.code)["site_description"],
            "copyright": strings(lang.code)["copyright"],
            "nav_translations": {
                **strings(lang.code)["nav"],
                **{g.title["en"]: g.title.get(lang.code, g.title["en"]) for g in guides().values()},
            },
        }
        for lang in languages()
    ]


def configure_i18n(i18n, only: str = "") -> None:
    """Give the static-i18n plugin instance the languages of languages.yml; with `only`, build
    that language alone, as the site's root (static-i18n's `build_only_locale`)."""
    if only and only not in language_codes():
        known = ", ".join(language_codes())
        raise InputError("ONLY", f"unknown language {only!r} (known: {known})")
    options = {key: i18n.config[key] for key in i18n.config if key != "languages"}
    options["languages"] = i18n_languages()
    options["build_only_locale"] = only or None
    checked = I18nPluginConfig()
    checked.load_dict(options)
    failed, _ = checked.validate()
    if failed:
        key, error = failed[0]
        raise InputError(LANGUAGES_FILE, f"static-i18n rejects {key}: {error}")
    i18n.config.languages = checked.languages
    i18n.config.build_only_locale = checked.build_only_locale
