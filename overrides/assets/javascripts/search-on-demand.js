// Search on demand, loaded before Material's bundle (overrides/main.html).
// - Material fetches the search index and starts its worker on every page load, though most
//   readers never search. The index request waits here until the reader opens search (the
//   search toggle, the search field, a search shortcut, or a ?q= link); the worker starts on the
//   first message Material sends it, which is the index.
// - A word typed without its accents finds the accented one: the query gains each word folded
//   as the index's *_folded fields are (letters/site/i18n_fixes.py: accents off Latin-script
//   words, then the language's `folding:` table from letters/languages.yml, sent in the index).
(function () {
  "use strict";
  var opened = false, waiting = [], folding = {};

  function open() {
    if (opened) return;
    opened = true;
    waiting.splice(0).forEach(function (run) { run(); });
  }
  function whenOpen(run) { if (opened) run(); else waiting.push(run); }

  var INDEX = /\/search\/search_index\.json$/;
  var xhrOpen = XMLHttpRequest.prototype.open, xhrSend = XMLHttpRequest.prototype.send;
  XMLHttpRequest.prototype.open = function (method, url) {
    this.lwDeferred = INDEX.test(String(url));
    return xhrOpen.apply(this, arguments);
  };
  XMLHttpRequest.prototype.send = function () {
    var request = this, args = arguments;
    if (!request.lwDeferred) return xhrSend.apply(request, args);
    whenOpen(function () { xhrSend.apply(request, args); });
  };

  var LATIN = /^[\p{Script=Latin}\p{M}'0-9]+$/u;
  function fold(word) {
    if (!LATIN.test(word)) return word;
    Object.keys(folding).forEach(function (letter) { word = word.split(letter).join(folding[letter]); });
    return word.normalize("NFD").replace(/\p{Mn}/gu, "");
  }
  function withFolded(query) {
    var extra = [];
    query.toLowerCase().split(/\s+/).forEach(function (word) {
      var bare = word.replace(/^[+\-~^*:]+|[*~^\d]*$/g, ""), folded = fold(bare);
      if (bare && folded !== bare) extra.push(folded);
    });
    return extra.length ? query + " " + extra.join(" ") : query;
  }

  var RealWorker = window.Worker;
  function LazyWorker(url, options) {
    this.url = url; this.options = options; this.listeners = []; this.real = null;
  }
  LazyWorker.prototype.addEventListener = function (type, listener, options) {
    this.listeners.push([type, listener, options]);
    if (this.real) this.real.addEventListener(type, listener, options);
  };
  LazyWorker.prototype.removeEventListener = function (type, listener, options) {
    this.listeners = this.listeners.filter(function (l) { return l[0] !== type || l[1] !== listener; });
    if (this.real) this.real.removeEventListener(type, listener, options);
  };
  LazyWorker.prototype.postMessage = function (message) {
    if (message && message.type === 0 && message.data && message.data.config) {
      folding = message.data.config.folding || {};
    } else if (message && message.type === 2 && typeof message.data === "string") {
      message = { type: 2, data: withFolded(message.data) };
    }
    if (!this.real) {
      var real = this.real = new RealWorker(this.url, this.options);
      this.listeners.forEach(function (l) { real.addEventListener(l[0], l[1], l[2]); });
    }
    this.real.postMessage(message);
  };
  LazyWorker.prototype.terminate = function () { if (this.real) this.real.terminate(); };
  window.Worker = function (url, options) {
    return /\/workers\/search\.[^/]*\.js$/.test(String(url))
      ? new LazyWorker(url, options) : new RealWorker(url, options);
  };

  if (/[?&]q=/.test(location.search)) open();
  document.addEventListener("change", function (event) {
    if (event.target && event.target.id === "__search" && event.target.checked) open();
  });
  document.addEventListener("focusin", function (event) {
    if (event.target && event.target.matches && event.target.matches(".md-search__input")) open();
  });
})();
