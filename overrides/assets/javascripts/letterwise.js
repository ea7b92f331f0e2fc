// Two accessibility repairs to what Material's JavaScript draws after the page loads.
// - Each code block gets a <nav> of buttons (copy); several unnamed <nav>s on a page are
//   landmarks a screen reader cannot tell apart (axe: landmark-unique). Name each after its
//   button and the section the block is in.
// - A table too wide for the page scrolls inside a wrapper that keyboard users cannot reach
//   (axe: scrollable-region-focusable); make such wrappers focusable.
(function () {
  "use strict";

  function sectionOf(element) {
    let node = element.closest("pre, .highlight") || element;
    while (node && node.previousElementSibling === null && node.parentElement) {
      node = node.parentElement;
    }
    for (let sibling = node; sibling; sibling = sibling.previousElementSibling) {
      if (/^H[1-6]$/.test(sibling.tagName)) return sibling.textContent.replace("¶", "").trim();
    }
    return "";
  }

  function repair() {
    const names = new Map();
    document.querySelectorAll(".md-code__nav:not([aria-label])").forEach(function (nav) {
      const button = nav.querySelector("button");
      let name = [button ? button.title : "", sectionOf(nav)].filter(Boolean).join(": ");
      const seen = (names.get(name) || 0) + 1;
      names.set(name, seen);
      if (seen > 1) name += " (" + seen + ")";
      nav.setAttribute("aria-label", name);
    });
    document.querySelectorAll(".md-typeset__scrollwrap:not([tabindex])").forEach(function (wrap) {
      if (wrap.scrollWidth > wrap.clientWidth) wrap.setAttribute("tabindex", "0");
    });
  }

  new MutationObserver(repair).observe(document.documentElement, { childList: true, subtree: true });
  document.addEventListener("DOMContentLoaded", repair);
})();
