"""make bench: what the site costs to build and to load, next to vanilla Material + static-i18n.

Not a test: timings swing on a shared 2-core machine, so this reports medians and writes them to
tests/bench/results.md; nothing here passes or fails.

- build: median of RUNS full builds of this site and of a vanilla Material + static-i18n build of
  the same Markdown (no hooks, no letters, no checks, no theme overrides), interleaved;
- letters: rendering and checking every letter in every language, in a fresh process;
- scale: this site's configuration on synthetic docs of 50 to 500 pages across the languages;
- pages: Lighthouse (npm, Debian's Chromium) on each language's home page, its guides and one
  letter page, ours and vanilla's, served gzip-compressed as a static host would.
"""

from __future__ import annotations

import argparse
import gzip
import http.server
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import yaml
from mkdocs.utils.yaml import get_yaml_loader

ROOT = Path(__file__).resolve().parents[2]
BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))

from letters.data import default_language, language_codes  # noqa: E402
from letters.site.languages import i18n_languages  # noqa: E402

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


def bench_build(work: Path, runs: int) -> dict:
    subprocess.run(
        [PYTHON, "-m", "mkdocs", "build", "-q", "-d", str(work / "ours")],
        cwd=ROOT,
        env=ENV,
        check=True,
    )
    vanilla = vanilla_project(work)
    ours_times, vanilla_times = [], []
    for _ in range(runs):
        ours_times.append(
            timed([PYTHON, "-m", "mkdocs", "build", "-q", "-d", str(work / "ours")], ROOT)
        )
        vanilla_times.append(
            timed(
                [PYTHON, "-m", "mkdocs", "build", "-q", "-d", str(work / "vanilla-site")], vanilla
            )
        )
    ours, plain = statistics.median(ours_times), statistics.median(vanilla_times)
    return {"ours": ours, "vanilla": plain, "ratio": ours / plain, "runs": runs}


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
    pages = []
    for code in language_codes():
        prefix = "" if code == default_language() else f"{code}/"
        pages.append(prefix)
        for guide in ("reminder", "bad-news", "customer-service"):
            if (ROOT / "docs" / code / "guides" / guide / "index.md").exists():
                pages.append(f"{prefix}guides/{guide}/")
        letter = next(
            p
            for p in sorted((ROOT / "docs" / code / "guides").rglob("*.md"))
            if p.name != "index.md"
        )
        pages.append(
            f"{prefix}{letter.relative_to(ROOT / 'docs' / code).with_suffix('').as_posix()}/"
        )
    return pages


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


def bench_pages(work: Path, runs: int) -> list[dict]:
    ours, ours_url = serve(work / "ours")
    plain, plain_url = serve(work / "vanilla-site")
    rows = []
    try:
        for page in measured_pages():
            rows.append(
                {
                    "page": "/" + page,
                    "ours": lighthouse(ours_url + page, runs),
                    "vanilla": lighthouse(plain_url + page, runs),
                }
            )
    finally:
        ours.shutdown()
        plain.shutdown()
    return rows


def verdict(met: bool) -> str:
    return "met" if met else "missed"


def report(build: dict, letters: dict, scale: list[dict], pages: list[dict]) -> str:
    lines = [
        "# Benchmark results",
        "",
        f"Made by `make bench` on {time.strftime('%Y-%m-%d')} (2 cores; medians; timings vary by"
        " ±10 % here).",
        "",
        "## Build",
        "",
        "| site | median of {} builds | target |".format(build["runs"]),
        "| --- | --- | --- |",
        f"| Letterwise | {build['ours']:.2f} s | |",
        f"| vanilla Material + static-i18n, same Markdown | {build['vanilla']:.2f} s | |",
        f"| ratio | {build['ratio']:.2f} x | at most 1.15 x: {verdict(build['ratio'] <= 1.15)} |",
        "",
        "## Letters",
        "",
        f"Rendering and checking all {letters['renderings']} letter renderings in a fresh process:"
        f" {letters['seconds']:.2f} s, compiling the rules' patterns included (target under 1 s:"
        f" {verdict(letters['seconds'] < 1)}); {letters['with_imports']:.2f} s with the imports of"
        " Jinja2, Babel, PyYAML and regex.",
        "",
        "## Scale (this site's configuration, synthetic pages across five languages)",
        "",
        "| pages | build | per page |",
        "| --- | --- | --- |",
        *(
            f"| {r['pages']} | {r['seconds']:.1f} s | {1000 * r['per_page']:.0f} ms |"
            for r in scale
        ),
    ]
    if pages:
        lines += [
            "",
            "## Pages (Lighthouse, median of runs; ours / vanilla)",
            "",
            "| page | performance | accessibility | best practices | SEO | transfer (KB) |",
            "| --- | --- | --- | --- | --- | --- |",
        ]
        for row in pages:
            o, v = row["ours"], row["vanilla"]
            cells = [f"{round(100 * o[k])} / {round(100 * v[k])}" for k in CATEGORIES]
            weight = f"{o['bytes'] / 1024:.0f} / {v['bytes'] / 1024:.0f}"
            lines.append(f"| {row['page']} | " + " | ".join(cells) + f" | {weight} |")
    return "\n".join(lines) + "\n"


PARTS = ("build", "letters", "scale", "pages")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="builds per site (at least 5)")
    parser.add_argument("--lighthouse-runs", type=int, default=3)
    parser.add_argument("--sizes", default="50,100,200,500")
    parser.add_argument(
        "--only", default=",".join(PARTS), help="measure these parts again, keep the rest"
    )
    args = parser.parse_args()
    raw = BENCH / "results.json"
    results = json.loads(raw.read_text(encoding="utf-8")) if raw.exists() else {}
    wanted = args.only.split(",")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        if "build" in wanted or "pages" in wanted:
            results["build"] = bench_build(work, args.runs)  # pages need both sites built
        if "letters" in wanted:
            results["letters"] = bench_letters(args.runs)
        if "scale" in wanted:
            results["scale"] = bench_scale(work, [int(s) for s in args.sizes.split(",")])
        if "pages" in wanted:
            results["pages"] = bench_pages(work, args.lighthouse_runs)
    raw.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    text = report(results["build"], results["letters"], results["scale"], results.get("pages", []))
    (BENCH / "results.md").write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
