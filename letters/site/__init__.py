"""What the MkDocs build makes of the letters package, one job per module:

- `plugin`: the `letterwise` MkDocs plugin, which wires the jobs below to MkDocs' events and
  keeps each build's state on its instance;
- `languages`: static-i18n's `languages` option, from letters/languages.yml and the strings;
- `nav`: each guide in the nav becomes a section with its letters' pages;
- `examples`: every letter rendered with its example data and checked, and its downloads;
- `pages`: the Markdown a letter page, a guide's checklist box and the catalogue include;
- `status`: the translation status page;
- `snippets`: writes the generated Markdown into snippets/generated/ for the pages to include;
- `i18n_fixes`: what static-i18n gets wrong (fallback pages, search per language, 404, sitemap).
"""
