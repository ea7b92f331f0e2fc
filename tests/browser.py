"""Helpers for the real-browser tests: Debian's Chromium driven by Playwright, and a local
server that answers like a static host (a missing URL gets /404.html with status 404)."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from pathlib import Path

import pytest

CHROMIUM_ARGS = [
    # As root in a container; no GPU; and no background connections to Google's hosts,
    # which this machine's closed network refuses.
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]


def chromium_path() -> str:
    """Debian's Chromium; never a browser download. Skip locally without it, fail on CI."""
    path = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(path).exists():
        message = "no Chromium found (apt-get install chromium fonts-noto-core)"
        if os.environ.get("CI"):
            pytest.fail(f"CI is set but {message}")
        pytest.skip(f"browser tests skipped: {message}")
    return path


class StaticHostHandler(http.server.SimpleHTTPRequestHandler):
    def send_error(self, code, message=None, explain=None):
        not_found = Path(self.directory) / "404.html"
        if code == 404 and not_found.exists():
            body = not_found.read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        super().send_error(code, message, explain)

    def log_message(self, *args):
        pass


class LocalServer:
    def __init__(self, root: Path):
        handler = functools.partial(StaticHostHandler, directory=str(root))
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()


def axe_problems(axe, page, url: str) -> list[str]:
    """axe-core's violations on the loaded page, one line each."""
    problems = []
    for violation in axe.run(page).response["violations"]:
        targets = [node["target"] for node in violation["nodes"]][:3]
        problems.append(f"{url}: {violation['id']} ({violation['impact']}) at {targets}")
    return problems


# Page checks that run in the browser (issue 13: phones, keyboards, print). Each returns problems
# as lines, so that one page load serves many of them.

NO_TRANSITIONS = (
    "*, *::before, *::after { transition: none !important; animation: none !important; }"
)

# The colour an element is drawn in, over what is under its centre, and their contrast ratio
# (WCAG's relative luminance); opacity on the element and its ancestors counts.
CONTRAST = """element => {
  const parse = c => {
    const m = c.match(/[\\d.]+/g).map(Number);
    return [m[0], m[1], m[2], m.length > 3 ? m[3] : 1];
  };
  const over = (top, bottom) =>
    top.slice(0, 3).map((v, i) => v * top[3] + bottom[i] * (1 - top[3])).concat(1);
  const linear = v => (v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  const luminance = c => {
    const [r, g, b] = c.slice(0, 3).map(linear);
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  element.scrollIntoView({block: 'center'});
  const box = element.getBoundingClientRect();
  const x = box.left + box.width / 2, y = box.top + box.height / 2;
  let background = [255, 255, 255, 1];
  const stack = document.elementsFromPoint(x, y);  // topmost first: what lies under the button
  const under = stack.slice(stack.indexOf(element) + 1).filter(e => !element.contains(e));
  if (!stack.includes(element)) {
    return {ratio: 0, covered: stack.slice(0, 2).map(e => e.className)};
  }
  for (const e of under.reverse()) {
    const c = parse(getComputedStyle(e).backgroundColor);
    if (c[3] > 0) background = over(c, background);
  }
  let opacity = 1;
  for (let e = element; e; e = e.parentElement) opacity *= Number(getComputedStyle(e).opacity);
  const style = getComputedStyle(element);
  const ink = parse(style.color); ink[3] *= opacity;
  if (style.visibility !== 'visible' || box.width === 0) return {ratio: 0, hidden: true};
  const drawn = over(ink, background), a = luminance(drawn), b = luminance(background);
  const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
  return {ratio, ink: style.color, opacity, background};
}"""


def contrast(element) -> dict:
    return element.evaluate(CONTRAST)


# The first line of a code block's text (its rectangles, as it wraps) and the copy button's box:
# how far apart they are (negative: they overlap).
GAP_TO_FIRST_LINE = """([block, button]) => {
  const code = block.querySelector('code');
  const walker = document.createTreeWalker(code, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  let node, start = null, end = null;
  while ((node = walker.nextNode())) {
    if (!node.textContent.trim() && start === null) continue;
    if (start === null) { start = [node, node.textContent.search(/\\S/)]; }
    const stop = node.textContent.indexOf('\\n', node === start[0] ? start[1] : 0);
    if (stop >= 0) { end = [node, stop]; break; }
  }
  range.setStart(start[0], start[1]);
  range.setEnd(end[0], end[1]);
  const b = button.getBoundingClientRect();
  let gap = Infinity;
  for (const r of range.getClientRects()) {
    if (r.width === 0) continue;
    const dx = Math.max(r.left - b.right, b.left - r.right);
    const dy = Math.max(r.top - b.bottom, b.top - r.bottom);
    gap = Math.min(gap, Math.max(dx, dy));
  }
  return gap;
}"""

# Where the variables table's names break: every line break inside a name, with the character
# before it (only "_" is allowed).
NAME_BREAKS = """names => names.flatMap(code => {
  const range = document.createRange(), wrong = [];
  let last = null, before = '', text = '';
  const walker = document.createTreeWalker(code, NodeFilter.SHOW_TEXT);
  for (let node; (node = walker.nextNode());) {
    for (let i = 0; i < node.textContent.length; i++) {
      range.setStart(node, i); range.setEnd(node, i + 1);
      const top = range.getBoundingClientRect().top;
      if (last !== null && top > last + 2 && before !== '_') wrong.push(text + '/');
      last = top; before = node.textContent[i]; text += before;
    }
  }
  return wrong.map(w => w + code.textContent.slice(w.length - 1));
})"""

# Content of the region that no one can reach: past the viewport's edge and not inside a
# scrolling box that itself lies within the viewport.
UNREACHABLE = """region => {
  const width = document.documentElement.clientWidth, out = [];
  const scroller = e => {
    for (let p = e.parentElement; p && p !== document.body; p = p.parentElement) {
      const s = getComputedStyle(p).overflowX;
      if ((s === 'auto' || s === 'scroll') && p.scrollWidth > p.clientWidth) return p;
    }
    return null;
  };
  const inside = r => r.left >= -1 && r.right <= width + 1;
  for (const e of [region, ...region.querySelectorAll('*')]) {
    const r = e.getBoundingClientRect();
    if (r.width === 0 || inside(r)) continue;
    const s = scroller(e);
    if (s && region.contains(s) === false && s !== region && !s.contains(region)) continue;
    if (s && inside(s.getBoundingClientRect())) continue;
    const what = `${e.tagName.toLowerCase()}.${e.className} "${e.textContent.trim().slice(0, 30)}"`;
    out.push(`${what} spans ${Math.round(r.left)}-${Math.round(r.right)} px of ${width}`);
  }
  return out.slice(0, 3);
}"""

# The keyboard's focus, one Tab at a time: each stop's looks while focused and right after
# focus has moved on (transitions off), to tell whether focus changes how it looks.
FOCUS_STEP = """() => {
  const looks = e => {
    const s = getComputedStyle(e);
    const ring = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0
      && !/, 0\\)$/.test(s.outlineColor);
    const rest = [s.boxShadow, s.color, s.backgroundColor, s.borderColor, s.textDecorationLine,
      s.width, s.height];
    return {outline: ring ? s.outlineStyle + s.outlineWidth + s.outlineColor : 'none',
            rest: rest.join('|')};
  };
  window.__lwLooks = looks;
  const stops = (window.__lwStops = window.__lwStops || []);
  const previous = stops[stops.length - 1], e = document.activeElement;
  // A date field takes several Tabs (day, month, year): one stop.
  if (previous && previous.element === e) return {count: stops.length, copy: previous.copy};
  if (previous && !previous.blurred) previous.blurred = looks(previous.element);
  if (!e || e === document.body) return null;
  if (stops.length && stops[0].element === e) return null;  // round the page once
  const classes = [...e.classList].filter(c => c !== 'focus-visible').join('.');
  const label = (e.getAttribute('aria-label') || e.textContent || e.name || '').trim();
  stops.push({element: e, focused: looks(e),
              name: `${e.tagName}.${classes} ${label.split(/\\s+/).slice(0, 5).join(' ')}`.trim(),
              headerlink: e.matches('a.headerlink'),
              checkbox: e.matches('.lw-manual input[type=checkbox]'),
              copy: e.matches('.lw-letter button.md-code__button')});
  return {count: stops.length, copy: stops[stops.length - 1].copy};
}"""

FOCUS_VERDICTS = """() => {
  const stops = window.__lwStops || [], last = stops[stops.length - 1];
  if (last && !last.blurred) { last.element.blur(); last.blurred = window.__lwLooks(last.element); }
  return stops.map(s => ({name: s.name, headerlink: s.headerlink, checkbox: s.checkbox,
    visible: s.focused.outline !== 'none' || s.focused.rest !== s.blurred.rest
      || s.focused.outline !== s.blurred.outline}));
}"""
