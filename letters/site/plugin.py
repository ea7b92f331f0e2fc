"""The `letterwise` MkDocs plugin: the one place where the build meets the letters package.

Everything a build learns lives on the plugin instance and is made anew at the start of each
build (MkDocs creates new plugin instances for every rebuild under `mkdocs serve`, and the
plugin starts over anyway): the data files are read again (`letters.data.fresh_build()`), every
letter is rendered and checked again, and the generated Markdown is rewritten where it changed.
Nothing generated is trusted from an earlier build.

Events, in build order (static-i18n's own run at priority -100 and 50):
- on_config: static-i18n's languages from letters/languages.yml (see letters.site.languages),
  the guides' letter pages in the nav, no per-language sitemap;
- on_pre_build: render and check every letter, write snippets/generated/;
- on_files: untouched scaffolds left out (so they are English fallbacks), the letters'
  downloads, from memory (made once per build, added to every language's);
- on_env: one compiled copy of the theme's templates for all the languages' builds;
- on_page_content: editors' additions marked, the byline as metadata (letters.site.editorial);
- on_page_context / on_template_context / on_post_page: each page's language facts, fallback
  notices and canonical URLs (letters.site.i18n_fixes);
- on_post_build: per-language 404 pages, search indexes and the sitemap.
"""

from __future__ import annotations

import html
from pathlib import Path

import jinja2
from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File

from letters import contributions
from letters.data import InputError, fresh_build, strings
from letters.site import editorial, i18n_fixes
from letters.site.examples import Example, downloads, examples
from letters.site.languages import configure_i18n
from letters.site.nav import expand_guides
from letters.site.snippets import write_snippets


class LetterwiseConfig(Config):
    # Build one language only, as the site's root (static-i18n's build_only_locale): `make serve
    # ONLY=cs` sets it through the LETTERWISE_ONLY environment variable (see mkdocs.yml).
    only = config_options.Type(str, default="")


class LetterwisePlugin(BasePlugin[LetterwiseConfig]):
    def __init__(self):
        self.examples: list[Example] = []
        # The letters' downloads by their path in the site, made once per build: every
        # language's build (static-i18n's) adds the same files.
        self.downloads: dict[str, bytes] = {}
        self.record: i18n_fixes.BuildRecord | None = None
        self.templates = _CompiledTemplates()

    def _i18n(self, config):
        return config.plugins["i18n"]

    def _outer(self, config) -> bool:
        """Is this the root language's build (static-i18n builds the others inside it)?"""
        return not self._i18n(config).building

    def on_config(self, config):
        if self._outer(config):
            fresh_build()  # every build reads the data files as they are now
            self.examples, self.downloads, self.record = [], {}, None
            self.templates = _CompiledTemplates()
            try:
                configure_i18n(self._i18n(config), self.config.only)
            except InputError as error:
                raise PluginError(f"{error.source}: {error.problem}") from None
            # The plugin writes one sitemap once every language is built.
            config.theme.static_templates.discard("sitemap.xml")
        if config.nav:
            config.nav = _guarded(expand_guides, config.nav)
        return config

    def on_pre_build(self, config):
        if not self._outer(config):
            return  # the other languages' builds use what the root build generated
        i18n = self._i18n(config)
        root = i18n.default_language
        self.record = i18n_fixes.BuildRecord(
            root=root, codes=sorted(i18n.build_languages, key=lambda code: code != root)
        )
        self.examples = _guarded(examples, set(i18n.build_languages))
        self.downloads = {
            uri: content for example in self.examples for uri, content in downloads(example).items()
        }
        _guarded(write_snippets, generated_dir(config), self.examples)

    @event_priority(0)  # before static-i18n (-100) picks each language's pages
    def _drop_untouched(self, files, config):
        """A page scaffolded by `letters new-language` and still its source's text is not a
        translation: leaving it out makes it the English fallback (lang en, the fallback notice,
        out of the language's search index), as the status page counts it missing."""
        for file in list(files.documentation_pages()):
            parts = Path(file.src_uri).parts
            relative = Path(*parts[1:]).as_posix() if len(parts) > 1 else ""
            if relative and _guarded(contributions.untouched, parts[0], relative):
                files.remove(file)
        return files

    @event_priority(-200)  # after static-i18n has sorted the files into languages
    def _add_downloads(self, files, config):
        for uri, content in self.downloads.items():
            files.append(File.generated(config, uri, content=content))
        return files

    on_files = CombinedEvent(_drop_untouched, _add_downloads)

    def on_env(self, env, config, files):
        # Every language's build makes a new Jinja environment and would compile the theme's
        # templates again (a fifth of a five-language build): they share one build's compiled
        # templates, each checked against its source's hash (Jinja's bytecode cache).
        env.bytecode_cache = self.templates
        return env

    @event_priority(-100)  # after static-i18n (50) has set the language switcher for this page
    def on_page_context(self, context, page, config, nav):
        code = self._i18n(config).current_language
        source_language = getattr(page.file, "locale", code)
        is_fallback = source_language != code
        self.record.pages[(code, page.url)] = (page.file.norm_src_uri, is_fallback)
        context.update(self.record.language_context(code))
        context["page_language"] = source_language
        context["is_fallback"] = is_fallback
        if is_fallback:
            context["is_outdated"] = False
            # The English original is the canonical copy of what this page shows.
            page.canonical_url = config.site_url + page.url.removeprefix(self.record.prefix(code))
        else:
            state = _guarded(contributions.page_cell, page.file.norm_src_uri, code).state
            context["is_outdated"] = state == contributions.OUTDATED
        # static-i18n sets the switcher per page as an attribute of config.extra.
        i18n_fixes.honest_switcher(getattr(config.extra, "alternate", None), page)
        return context

    def on_page_content(self, html, page, config, files):
        # What the editors add is marked (letters.site.editorial); the byline is metadata.
        code = self._i18n(config).current_language
        if getattr(page.file, "locale", code) != code:
            # A fallback page is left out of this language's search index (i18n_fixes): spare
            # Material's search plugin parsing it.
            page.meta["search"] = {**(page.meta.get("search") or {}), "exclude": True}
        html = editorial.mark_editorial(html, getattr(page.file, "locale", code))
        return _guarded(editorial.insert_byline, html, page.meta, code)

    def on_template_context(self, context, template_name, config):
        # Static templates (404.html) get the same language facts as pages.
        context.update(self.record.language_context(self._i18n(config).current_language))
        return context

    def on_post_page(self, output, page, config):
        code = self._i18n(config).current_language
        source_language = getattr(page.file, "locale", code)
        if source_language != code:
            output = i18n_fixes.mark_chrome_language(output, code)
        title = strings(source_language)["permalink_title"]  # the content's language
        return i18n_fixes.quiet_permalinks(output, html.escape(title))

    @event_priority(0)  # before static-i18n's post_build starts the other languages' builds
    def _keep_404(self, config):
        code = self._i18n(config).current_language
        i18n_fixes.keep_404(self.record, code, Path(config.site_dir))

    @event_priority(-200)  # after static-i18n's post_build: every language is built by now
    def _finish(self, config):
        if self._outer(config):
            i18n_fixes.finish(self.record, Path(config.site_dir), config.site_url)

    on_post_build = CombinedEvent(_keep_404, _finish)


class _CompiledTemplates(jinja2.BytecodeCache):
    """Jinja's compiled templates, in memory, for one build. Jinja keys each by the template's
    name and file and reuses it only while the source's checksum is unchanged."""

    def __init__(self):
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        data = self.compiled.get(bucket.key)
        if data is not None:
            bucket.bytecode_from_string(data)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.compiled[bucket.key] = bucket.bytecode_to_string()


def generated_dir(config) -> Path:
    return Path(config.config_file_path).parent / "snippets" / "generated"


def _guarded(function, *args):
    """A data file's problem stops the build with one line naming the file, not a traceback."""
    try:
        return function(*args)
    except InputError as error:
        raise PluginError(f"{error.source}: {error.problem}") from None
