"""make bench: what the site costs to build, to preview and to load, next to vanilla Material +
static-i18n. Takes about five minutes.

Not a test: timings swing on a shared 2-core machine, so this reports medians and writes them to
tests/bench/results.md; nothing here passes or fails. Every row carries the date of the run that
measured it: `--only` measures some parts again and keeps the other rows with their own dates.

- build: median of RUNS full builds of this site, of a vanilla Material + static-i18n build of
  the same Markdown with the same extensions and search (no plugin of ours, no letters, no
  checks, no theme overrides), and of a minimal vanilla (Material and static-i18n only: no
  Markdown extensions beyond MkDocs' own, no search), interleaved;
- letters: rendering and checking every letter in every language, in a fresh process;
- scale: this site's configuration on synthetic docs of 50 and 200 pages across the languages;
- serve: `mkdocs serve` on a copy of the project, all languages and ONLY=en: seconds to the first
  page, and from an edit (guide paragraph, template, rule file, strings file) to the page
  showing it;
- transfer: the bytes a first visit to one letter page costs in every language, ours and
  vanilla's, counted by Chromium (no Lighthouse): the target is at most 25 % of vanilla's;
- pages: Lighthouse (npm, Debian's Chromium), median of 3 runs, on the English home page and a
  letter page, ours, and vanilla's letter page, served gzip-compressed as a static host would.
"""

from __future__ import annotations

import argparse
import gzip
import http.server
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

import yaml
from mkdocs.utils.yaml import get_yaml_loader

ROOT = Path(__file__).resolve().parents[2]
BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))

from letters.data import default_language, language_codes  # noqa: E402
from letters.site.languages import i18n_languages  # noqa: E402
from letters.text import MAX_LETTER_BYTES  # noqa: E402

PYTHON = sys.executable
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def timed(command: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    subprocess.run(command, cwd=cwd, env=ENV, check=True, capture_output=True)
    return time.perf_counter() - start


def vanilla_project(work: Path) -> Path:
    """The same Markdown with nothing of ours: Material and static-i18n with their defaults."""
    project = work / "vanilla"
    shutil.copytree(ROOT / "docs", project / "docs")
    shutil.copytree(ROOT / "snippets", project / "snippets")  # the generated parts, as files
    shutil.copytree(ROOT / "letters" / "templates", project / "templates")
    ours = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=get_yaml_loader())
    config = {
        "site_name": "Letterwise",
        "site_url": "https://letterwise.example/",
        "theme": {"name": "material", "features": ["navigation.sections", "content.code.copy"]},
        "plugins": [
            "search",
            {"i18n": {"docs_structure": "folder", "languages": i18n_languages()}},
        ],
        "markdown_extensions": [
            e
            if not (isinstance(e, dict) and "pymdownx.snippets" in e)
            else {"pymdownx.snippets": {"base_path": ["snippets", "templates"]}}
            for e in ours["markdown_extensions"]
        ],
        "nav": ours["nav"],
    }
    (project / "mkdocs.yml").write_text(
        yaml.safe_dump(config, allow_unicode=True), encoding="utf-8"
    )
    return project


def minimal_project(work: Path) -> Path:
    """The same Markdown with Material and static-i18n only: the floor any site stands on."""
    project = work / "minimal"
    shutil.copytree(work / "vanilla", project)
    config = yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8"))
    config["plugins"] = [p for p in config["plugins"] if p != "search"]
    config.pop("markdown_extensions")
    (project / "mkdocs.yml").write_text(
        yaml.safe_dump(config, allow_unicode=True), encoding="utf-8"
    )
    return project


def bench_build(work: Path, runs: int) -> dict:
    subprocess.run(
        [PYTHON, "-m", "mkdocs", "build", "-q", "-d", str(work / "ours")],
        cwd=ROOT,
        env=ENV,
        check=True,
    )
    sites = {"ours": ROOT, "vanilla": vanilla_project(work)}
    sites["minimal"] = minimal_project(work)
    times: dict[str, list[float]] = {name: [] for name in sites}
    for _ in range(runs):
        for name, project in sites.items():
            target = work / ("ours" if name == "ours" else f"{name}-site")
            times[name].append(
                timed([PYTHON, "-m", "mkdocs", "build", "-q", "-d", str(target)], project)
            )
    medians = {name: statistics.median(values) for name, values in times.items()}
    return {
        **medians,
        "ratio": medians["ours"] / medians["vanilla"],
        "minimal_ratio": medians["ours"] / medians["minimal"],
        "runs": runs,
    }


def bench_letters(runs: int) -> dict:
    """Render and check every letter in every language, in a fresh process each run: the work
    itself (rule patterns compiled on first use included) and the whole process with imports."""
    probe = (
        "import time; start = time.perf_counter()\n"
        "from letters.site.examples import examples\n"
        "imported = time.perf_counter()\n"
        "found = examples()\n"
        "done = time.perf_counter()\n"
        "print(len(found), done - imported, done - start)"
    )
    work, total = [], []
    for _ in range(runs):
        out = subprocess.run(
            [PYTHON, "-c", probe], cwd=ROOT, env=ENV, check=True, capture_output=True, text=True
        )
        count, seconds, with_imports = out.stdout.split()
        work.append(float(seconds))
        total.append(float(with_imports))
    return {
        "renderings": int(count),
        "seconds": statistics.median(work),
        "with_imports": statistics.median(total),
    }


def bench_checker(runs: int) -> dict:
    """`letters check` on what users send: a draft at the size limit, 100 corpus letters in one
    call, and a draft over the limit (refused); wall time of the whole process, and its peak
    memory (ru_maxrss of the child)."""
    corpus = sorted((ROOT / "tests" / "corpus" / "en").glob("*.txt"))
    with tempfile.TemporaryDirectory() as tmp:
        # 100 letters: the English corpus, again under other names until there are 100.
        hundred = []
        for number in range(100):
            source = corpus[number % len(corpus)]
            copy = Path(tmp) / f"{number:03}-{source.name}"
            copy.write_bytes(source.read_bytes())
            hundred.append(copy)
        big = Path(tmp) / "big.txt"
        letter = (ROOT / "tests" / "corpus" / "en" / corpus[0].name).read_text(encoding="utf-8")
        limit = MAX_LETTER_BYTES
        big.write_text((letter * (limit // len(letter) + 1))[: limit - 10], encoding="utf-8")
        huge = Path(tmp) / "huge.txt"
        huge.write_text("a" * (2 * limit), encoding="utf-8")
        cases = {
            "size_limit": [str(big)],
            "hundred_letters": [str(p) for p in hundred],
            "over_limit": [str(huge)],
        }
        found = {}
        for name, files in cases.items():
            times, cpu, peaks = [], [], []
            for _ in range(runs):
                command = [
                    PYTHON,
                    "-m",
                    "letters",
                    "check",
                    *files,
                    "--guide",
                    "reminder",
                    "--lang",
                    "en",
                    "--scenario",
                    "payment",
                ]
                start = time.perf_counter()
                child = subprocess.Popen(
                    command, cwd=ROOT, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
                )
                _, _status, usage = os.wait4(child.pid, 0)
                times.append(time.perf_counter() - start)
                cpu.append(usage.ru_utime + usage.ru_stime)
                peaks.append(usage.ru_maxrss / 1024)
            found[name] = {
                "seconds": statistics.median(times),
                "cpu_seconds": statistics.median(cpu),
                "peak_mb": max(peaks),
                "files": len(files),
            }
    # Wall time on a shared machine depends on its load and on how much CPU the host gives this
    # one (the load average cannot see that): say what both were.
    found["load"] = os.getloadavg()[0]
    found["reference_loop"] = reference_loop()
    return found


def reference_loop() -> float:
    """Seconds for ten million additions in pure Python, the best of three: the same work at
    every hour, so that a row measured on a slow hour can be told from a slower checker."""
    best = float("inf")
    for _ in range(3):
        start = time.process_time()
        total = 0
        for number in range(10_000_000):
            total += number
        best = min(best, time.process_time() - start)
    return best


def bench_builder() -> dict:
    """The letter builder's bytes a page loads on first use (gzip -9): the engine and the
    largest letter's program and locale data (budget 40 KB)."""
    from letters.builder import SCRIPT, builder_files
    from letters.site.examples import examples

    script = len(gzip.compress((ROOT / "overrides" / SCRIPT).read_bytes(), 9))
    data = [
        len(gzip.compress(content, 9))
        for example in examples()
        for content in builder_files(example).values()
    ]
    return {"script": script, "largest_data": max(data), "pages": len(data)}


def synthetic_docs(docs: Path, pages: int) -> None:
    """`pages` pages across the languages, each a few sections of text, links and a table."""
    codes = language_codes()
    per_language = pages // len(codes)
    for code in codes:
        for number in range(per_language):
            name = "index.md" if number == 0 else f"page-{number:03}.md"
            body = [f"# Page {number} {{ #page-{number} }}", ""]
            for section in range(4):
                body += [
                    f"## Section {section} {{ #section-{section} }}",
                    "",
                    "Lorem ipsum dolor sit amet, consectetur adipiscing elit. " * 8,
                    "",
                    "| a | b |\n| --- | --- |\n| 1 | 2 |",
                    "",
                ]
            (docs / code).mkdir(parents=True, exist_ok=True)
            (docs / code / name).write_text("\n".join(body), encoding="utf-8")


def bench_scale(work: Path, sizes: list[int]) -> list[dict]:
    results = []
    for size in sizes:
        project = work / f"scale-{size}"
        shutil.copytree(ROOT / "overrides", project / "overrides")
        shutil.copytree(ROOT / "snippets", project / "snippets")
        shutil.copytree(
            ROOT / "letters", project / "letters", ignore=shutil.ignore_patterns("__pycache__")
        )
        synthetic_docs(project / "docs", size)
        # Our configuration without the nav: the synthetic pages make their own.
        config = re.sub(
            r"\nnav:\n(?:  .*\n)+", "\n", (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
        )
        (project / "mkdocs.yml").write_text(config, encoding="utf-8")
        seconds = timed(
            [PYTHON, "-m", "mkdocs", "build", "-q", "-d", str(project / "site")], project
        )
        results.append({"pages": size, "seconds": seconds, "per_page": seconds / size})
    return results


EDITS = [
    # what is edited, the file, the text replaced, the page that must show the new text
    (
        "guide paragraph",
        "docs/en/guides/reminder/index.md",
        "Reminder letters are useful",
        "guides/reminder/",
    ),
    (
        "template",
        "letters/templates/reminder/overdue-invoice/en.j2",
        "Thank you for choosing",
        "guides/reminder/overdue-invoice/",
    ),
    ("rule file", "letters/rules/reminder/en.yml", "Give accurate details", "guides/reminder/"),
    (
        "strings file",
        "letters/strings/en.yml",
        "Copy it into your own mail",
        "guides/reminder/overdue-invoice/",
    ),
]


def _fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as reply:
            return reply.read().decode("utf-8")
    except OSError:
        return None


def _until(url: str, text: str, limit: float = 120) -> float:
    start = time.perf_counter()
    while time.perf_counter() - start < limit:
        page = _fetch(url)
        if page is not None and text in page:
            return time.perf_counter() - start
        time.sleep(0.05)
    raise RuntimeError(f"{url} never showed {text!r}")


def bench_serve(work: Path, only: str) -> dict:
    """`mkdocs serve` on a fresh copy: first page after start, then each edit to its page."""
    copy = work / f"serve-{only or 'all'}"
    copy.mkdir()
    for name in ("mkdocs.yml", "docs", "letters", "overrides", "snippets"):
        source = ROOT / name
        if not source.exists():  # snippets/ holds only generated files: absent after make clean
            continue
        if source.is_dir():
            ignore = shutil.ignore_patterns("__pycache__", "generated")
            shutil.copytree(source, copy / name, ignore=ignore)
        else:
            shutil.copy(source, copy / name)
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    base = f"http://127.0.0.1:{port}/"
    # The copy's own letters package; no .pyc written into the watched letters/ folder.
    env = {**ENV, "PYTHONPATH": str(copy), "LETTERWISE_ONLY": only, "PYTHONDONTWRITEBYTECODE": "1"}
    start = time.perf_counter()
    server = subprocess.Popen(
        [PYTHON, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=copy,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        _until(base, "<html")
        result = {"first_page": time.perf_counter() - start, "edits": {}}
        for label, name, old, page in EDITS:
            path = copy / name
            text = path.read_text(encoding="utf-8")
            assert old in text, (name, old)
            new = f"{old} ({label} edited)"
            path.write_text(text.replace(old, new, 1), encoding="utf-8")
            result["edits"][label] = _until(base + page, new)
        return result
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


class CompressingHandler(http.server.SimpleHTTPRequestHandler):
    """A static host: gzip for text, as GitHub Pages and most hosts do."""

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if not path.is_file() or path.suffix not in (
            ".html",
            ".css",
            ".js",
            ".json",
            ".svg",
            ".xml",
        ):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), compresslevel=6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return _Body(body)

    def log_message(self, *args):
        pass


class _Body:
    def __init__(self, data: bytes):
        self.data = data

    def read(self, *args):
        data, self.data = self.data, b""
        return data

    def close(self):
        pass


def serve(root: Path):
    handler = lambda *a, **k: CompressingHandler(*a, directory=str(root), **k)  # noqa: E731
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://127.0.0.1:{httpd.server_address[1]}/"


def measured_pages() -> list[str]:
    """Two pages of the default language: the home page and a letter page (the heaviest kind);
    the other languages' pages are the same templates and assets."""
    return ["", "guides/reminder/overdue-invoice/"]


def lighthouse(url: str, runs: int) -> dict:
    binary = BENCH / "node_modules" / ".bin" / "lighthouse"
    results = []
    for _ in range(runs):
        out = subprocess.run(
            [
                str(binary),
                url,
                "--quiet",
                "--output=json",
                "--only-categories=" + ",".join(CATEGORIES),
                "--chrome-flags=--headless=new --no-sandbox --disable-gpu --no-first-run "
                "--disable-background-networking --disable-component-update --disable-sync",
            ],
            capture_output=True,
            text=True,
            env={**ENV, "CHROME_PATH": shutil.which("chromium") or "/usr/bin/chromium"},
        )
        report = json.loads(out.stdout)
        scores = {k: v["score"] for k, v in report["categories"].items()}
        scores["bytes"] = report["audits"]["total-byte-weight"]["numericValue"]
        results.append(scores)
    return {key: statistics.median(r[key] for r in results) for key in results[0]}


# Vanilla Material is measured on the letter page alone: its two pages scored the same in every
# category in every run so far, and its three Lighthouse runs of the home page kept make bench
# over its five minutes.
VANILLA_PAGES = {"guides/reminder/overdue-invoice/"}


def bench_pages(work: Path, runs: int) -> list[dict]:
    ours, ours_url = serve(work / "ours")
    plain, plain_url = serve(work / "vanilla-site")
    rows = []
    try:
        for page in measured_pages():
            row = {"page": "/" + page, "ours": lighthouse(ours_url + page, runs)}
            if page in VANILLA_PAGES:
                row["vanilla"] = lighthouse(plain_url + page, runs)
            rows.append(row)
    finally:
        ours.shutdown()
        plain.shutdown()
    return rows


TRANSFER_PAGE = "guides/reminder/overdue-invoice/"


def first_visit_bytes(url: str, browser) -> int:
    """Bytes over the wire (headers and gzip-compressed bodies, as Lighthouse's transfer size
    counts them) for a first visit to a page: a fresh browser context, empty cache, until the
    network has been idle for half a second."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    finished: dict[str, float] = {}
    cdp.on(
        "Network.loadingFinished",
        lambda e: finished.__setitem__(e["requestId"], e["encodedDataLength"]),
    )
    try:
        page.goto(url, wait_until="networkidle")
        return int(sum(finished.values()))
    finally:
        context.close()


def bench_transfer(work: Path) -> dict:
    """A first visit to one letter page per language, ours against vanilla Material's (both built
    once, served gzip-compressed): no Lighthouse, the browser's own byte counts."""
    sys.path.insert(0, str(ROOT / "tests"))
    from browser import CHROMIUM_ARGS, chromium_path
    from playwright.sync_api import sync_playwright

    for name, project in (("ours", ROOT), ("vanilla-site", None)):
        if (work / name).exists():
            continue
        project = project or vanilla_project(work)
        subprocess.run(
            [PYTHON, "-m", "mkdocs", "build", "-q", "-d", str(work / name)],
            cwd=project,
            env=ENV,
            check=True,
        )
    ours, ours_url = serve(work / "ours")
    plain, plain_url = serve(work / "vanilla-site")
    rows = {}
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=chromium_path(), args=CHROMIUM_ARGS
            )
            for code in language_codes():
                path = ("" if code == default_language() else f"{code}/") + TRANSFER_PAGE
                rows[code] = {
                    "ours": first_visit_bytes(ours_url + path, browser),
                    "vanilla": first_visit_bytes(plain_url + path, browser),
                }
            browser.close()
    finally:
        ours.shutdown()
        plain.shutdown()
    return {"page": TRANSFER_PAGE, "languages": rows}


def transfer_rows(transfer: dict | None) -> list[str]:
    if not transfer:
        return []
    rows = [
        f"## First visit, per language (/{transfer['page']}; transfer bytes, gzip; Chromium's"
        " own counts, no Lighthouse)",
        "",
        "| language | ours | vanilla | ratio | target | measured |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for code, row in transfer["languages"].items():
        ratio = row["ours"] / row["vanilla"]
        rows.append(
            f"| {code} | {row['ours'] / 1024:.1f} KB | {row['vanilla'] / 1024:.1f} KB"
            f" | {100 * ratio:.0f} % | at most 25 %: {verdict(ratio <= 0.25)}"
            f" | {transfer['date']} |"
        )
    return [*rows, ""]


def verdict(met: bool) -> str:
    return "met" if met else "missed"


def builder_rows(builder: dict | None) -> list[str]:
    if not builder:
        return []
    total = builder["script"] + builder["largest_data"]
    return [
        "## Letter builder (loaded on the first focus in the form; gzip -9)",
        "",
        f"Engine {builder['script'] / 1024:.1f} KB + the largest of {builder['pages']} letters'"
        f" program and locale data {builder['largest_data'] / 1024:.1f} KB ="
        f" {total / 1024:.1f} KB per page (budget 40 KB: {verdict(total <= 40 * 1024)})."
        f" Measured {builder['date']}.",
        "",
    ]


def checker_rows(checker: dict | None) -> list[str]:
    if not checker:
        return []
    labels = {
        "size_limit": (f"a {MAX_LETTER_BYTES / 1e6:g} MB draft (the size limit)", "under 2 s"),
        "hundred_letters": (
            f"{checker['hundred_letters']['files']} letters in one call",
            "under 2 s",
        ),
        "over_limit": (
            f"a {2 * MAX_LETTER_BYTES / 1e6:g} MB draft (refused in one line)",
            "at once",
        ),
    }
    rows = [
        "## Checker (`letters check`, whole process, median)",
        "",
        "| input | time | CPU | peak memory | target | measured |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    load = f" (load {checker['load']:.1f})" if "load" in checker else ""
    if "reference_loop" in checker:  # the machine's speed that hour (see reference_loop)
        load = f" (load {checker['load']:.1f}, reference loop {checker['reference_loop']:.2f} s)"
    for key, (label, target) in labels.items():
        row = checker[key]
        met = row["seconds"] < 2 and row["peak_mb"] < 200
        cpu = f"{row['cpu_seconds']:.2f} s" if "cpu_seconds" in row else ""
        rows.append(
            f"| {label} | {row['seconds']:.2f} s | {cpu} | {row['peak_mb']:.0f} MB"
            f" | {target}, under 200 MB:"
            f" {verdict(met)} | {checker['date']}{load} |"
        )
    return [*rows, ""]


def report(results: dict) -> str:
    """results.md from results.json; each row dated by the run that measured it."""
    build, letters, scale = results["build"], results["letters"], results["scale"]
    serve, pages = results.get("serve"), results.get("pages")
    lines = [
        "# Benchmark results",
        "",
        "Made by `make bench` (2 cores, shared; medians; timings vary by ±10 % here). Each row"
        " names the date of the run that measured it.",
        "",
        "## Build",
        "",
        "| site | median of {} builds | target | measured |".format(build["runs"]),
        "| --- | --- | --- | --- |",
        f"| Letterwise | {build['ours']:.2f} s | | {build['date']} |",
        f"| vanilla: Material + static-i18n, same Markdown, extensions and search"
        f" | {build['vanilla']:.2f} s | | {build['date']} |",
        *(
            [
                f"| minimal vanilla: Material + static-i18n only | {build['minimal']:.2f} s | |"
                f" {build['date']} |"
            ]
            if "minimal" in build
            else []
        ),
        f"| ratio to vanilla | {build['ratio']:.2f} x | at most 1.15 x:"
        f" {verdict(build['ratio'] <= 1.15)} | {build['date']} |",
        *(
            [f"| ratio to minimal vanilla | {build['minimal_ratio']:.2f} x | | {build['date']} |"]
            if "minimal" in build
            else []
        ),
        "",
        "## Letters",
        "",
        f"Rendering and checking all {letters['renderings']} letter renderings in a fresh process:"
        f" {letters['seconds']:.2f} s, compiling the rules' patterns included (target under 1 s:"
        f" {verdict(letters['seconds'] < 1)}); {letters['with_imports']:.2f} s with the imports of"
        f" Jinja2, Babel, PyYAML and regex. Measured {letters['date']}.",
        "",
        *checker_rows(results.get("checker")),
        *builder_rows(results.get("builder")),
        *transfer_rows(results.get("transfer")),
        "## Scale (this site's configuration, synthetic pages across five languages)",
        "",
        "| pages | build | per page | measured |",
        "| --- | --- | --- | --- |",
        *(
            f"| {r['pages']} | {r['seconds']:.1f} s | {1000 * r['per_page']:.0f} ms | {r['date']} |"
            for r in scale
        ),
    ]
    if serve:
        labels = [label for label, *_ in EDITS]
        lines += [
            "",
            "## Preview (`mkdocs serve` on a copy of the project)",
            "",
            "Seconds from starting the server to the first page, and from saving an edit to the"
            " served page showing it (targets: 5 s and 2 s).",
            "",
            "| languages built | first page | " + " | ".join(labels) + " | measured |",
            "| --- | --- | " + " | ".join("---" for _ in labels) + " | --- |",
        ]
        for name, row in serve.items():
            cells = " | ".join(f"{row['edits'][label]:.1f} s" for label in labels)
            lines.append(f"| {name} | {row['first_page']:.1f} s | {cells} | {row['date']} |")
    if pages:
        lines += [
            "",
            "## Pages (Lighthouse, median of runs; ours / vanilla)",
            "",
            "| page | performance | accessibility | best practices | SEO | transfer (KB) |"
            " measured |",
            "| --- | --- | --- | --- | --- | --- | --- |",
        ]
        for row in pages:
            o, v = row["ours"], row.get("vanilla")
            if v is None:  # vanilla is measured on the letter page only
                cells = [f"{round(100 * o[k])} / —" for k in CATEGORIES]
                weight = f"{o['bytes'] / 1024:.0f} / —"
            else:
                cells = [f"{round(100 * o[k])} / {round(100 * v[k])}" for k in CATEGORIES]
                weight = f"{o['bytes'] / 1024:.0f} / {v['bytes'] / 1024:.0f}"
            lines.append(
                f"| {row['page']} | " + " | ".join(cells) + f" | {weight} | {row['date']} |"
            )
    return "\n".join(lines) + "\n"


PARTS = ("build", "letters", "checker", "builder", "transfer", "scale", "serve", "pages")


class Lap:
    """Prints how long each part took (and the load average), so a slow bench says why."""

    def __init__(self):
        self.last = time.perf_counter()

    def __call__(self, part: str) -> None:
        now = time.perf_counter()
        load = os.getloadavg()[0]
        print(f"{part}: {now - self.last:.0f} s (load {load:.1f})", file=sys.stderr, flush=True)
        self.last = now


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="builds per site")
    parser.add_argument("--lighthouse-runs", type=int, default=3)
    parser.add_argument("--sizes", default="50,200")
    parser.add_argument(
        "--only", default=",".join(PARTS), help="measure these parts again, keep the rest"
    )
    args = parser.parse_args()
    raw = BENCH / "results.json"
    results = json.loads(raw.read_text(encoding="utf-8")) if raw.exists() else {}
    wanted = args.only.split(",")
    today = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        lap = Lap()
        if "build" in wanted or "pages" in wanted:
            # pages need both sites built
            results["build"] = {**bench_build(work, args.runs), "date": today}
            lap("build")
        if "letters" in wanted:
            results["letters"] = {**bench_letters(args.runs), "date": today}
            lap("letters")
        if "checker" in wanted:  # before anything this process loads: children inherit its size
            results["checker"] = {**bench_checker(args.runs), "date": today}
            lap("checker")
        if "builder" in wanted:
            results["builder"] = {**bench_builder(), "date": today}
            lap("builder")
        if "transfer" in wanted:
            results["transfer"] = {**bench_transfer(work), "date": today}
            lap("transfer")
        if "scale" in wanted:
            sizes = [int(s) for s in args.sizes.split(",")]
            results["scale"] = [{**row, "date": today} for row in bench_scale(work, sizes)]
            lap("scale")
        if "serve" in wanted:
            results["serve"] = {
                "all languages": {**bench_serve(work, ""), "date": today},
                "ONLY=en": {**bench_serve(work, "en"), "date": today},
            }
            lap("serve")
        if "pages" in wanted:
            rows = bench_pages(work, args.lighthouse_runs)
            results["pages"] = [{**row, "date": today} for row in rows]
            lap("pages")
    for part in ("build", "letters"):  # rows from before rows were dated
        results[part].setdefault("date", "undated")
    for row in results.get("scale", []) + results.get("pages", []):
        row.setdefault("date", "undated")
    raw.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    text = report(results)
    (BENCH / "results.md").write_text(text, encoding="utf-8")
    print(text)
    print(f"make bench took {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
