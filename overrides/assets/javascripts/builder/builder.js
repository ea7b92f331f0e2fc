// The letter builder: runs the JSON program letters/builder.py compiles from a letter's Jinja2
// template, with Python's semantics, and formats dates, money and numbers from the CLDR data
// Babel exported at build time (never the browser's Intl). Values are text: they are inserted
// with textContent and never parsed as markup or template code. Nothing is sent anywhere.
(function () {
  "use strict";

  // ---- Python semantics -------------------------------------------------------------------
  const UNDEF = { undef: true };
  const WHITESPACE = "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003" +
    "\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000";

  function fail(message) { throw new Error(message); }
  function defined(value) { if (value === UNDEF) fail("undefined value"); return value; }
  function isSeq(v) { return v && (v.t === "tuple" || v.t === "list"); }

  function pystr(value) {
    defined(value);
    if (typeof value === "string") return value;
    if (value === null) return "None";
    if (value === true) return "True";
    if (value === false) return "False";
    if (typeof value === "number") return String(value);
    if (value.t === "num") return value.float ? floatRepr(value) : decimalText(value.dec);
    if (value.t === "date") return pad(value.y, 4) + "-" + pad(value.m, 2) + "-" + pad(value.d, 2);
    return fail("cannot print this value");
  }

  function floatRepr(value) {
    const n = Number(value.text);
    if (Number.isInteger(n) && Math.abs(n) < 1e16) return (value.text.startsWith("-") ? "-" : "") + Math.abs(n) + ".0";
    if (Math.abs(n) >= 1e-4 && Math.abs(n) < 1e16) return (value.text.startsWith("-") ? "-" : "") + String(Math.abs(n));
    return fail("cannot print this number");
  }

  function truthy(value) {
    defined(value);
    if (typeof value === "string") return value.length > 0;
    if (value === null || value === false) return false;
    if (value === true) return true;
    if (typeof value === "number") return value !== 0;
    if (value.t === "num") return !/^0*$/.test(value.dec.digits);
    if (isSeq(value)) return value.items.length > 0;
    return true;
  }

  function numeric(value) {
    if (typeof value === "number") return decimalOf(String(value));
    if (typeof value === "boolean") return decimalOf(value ? "1" : "0");
    if (value && value.t === "num") return value.dec;
    return null;
  }

  function eq(a, b) {
    defined(a); defined(b);
    if (typeof a === "string" || typeof b === "string") return a === b;
    if (a === null || b === null) return a === b;
    const x = numeric(a), y = numeric(b);
    if (x && y) return compareDecimal(x, y) === 0;
    if (x || y) return false;
    if (isSeq(a) && isSeq(b)) {
      return a.t === b.t && a.items.length === b.items.length && a.items.every((v, i) => eq(v, b.items[i]));
    }
    if (a.t === "date" && b.t === "date") return a.y === b.y && a.m === b.m && a.d === b.d;
    if (a.t === "money" && b.t === "money") return a.currency === b.currency && compareDecimal(a.dec, b.dec) === 0;
    return false;
  }

  function contains(container, item) {
    defined(container); defined(item);
    if (typeof container === "string") {
      if (typeof item !== "string") fail("'in <string>' requires a string");
      return container.includes(item);
    }
    if (isSeq(container)) return container.items.some((v) => eq(v, item));
    return fail("'in' needs a string, list or tuple");
  }

  function charSet(chars) {
    if (chars === undefined || chars === null) return new Set(WHITESPACE);
    if (typeof chars !== "string") fail("strip arguments must be strings");
    return new Set(Array.from(chars));
  }

  function strip(text, chars, left, right) {
    const set = charSet(chars), points = Array.from(text);
    let start = 0, end = points.length;
    if (left) while (start < end && set.has(points[start])) start++;
    if (right) while (end > start && set.has(points[end - 1])) end--;
    return points.slice(start, end).join("");
  }

  function split(text, sep, maxsplit) {
    const limit = maxsplit === undefined || maxsplit === -1 ? Infinity : maxsplit;
    const parts = [];
    if (sep === undefined || sep === null) {
      let rest = strip(text, null, true, false);
      while (rest.length) {
        if (parts.length >= limit) { parts.push(rest); break; }
        const points = Array.from(rest);
        let i = 0;
        while (i < points.length && !WHITESPACE.includes(points[i])) i++;
        parts.push(points.slice(0, i).join(""));
        rest = strip(points.slice(i).join(""), null, true, false);
      }
      return parts;
    }
    if (typeof sep !== "string") fail("split separator must be a string");
    if (sep === "") fail("empty separator");
    let rest = text;
    while (parts.length < limit) {
      const at = rest.indexOf(sep);
      if (at < 0) break;
      parts.push(rest.slice(0, at));
      rest = rest.slice(at + sep.length);
    }
    parts.push(rest);
    return parts;
  }

  function affix(text, args, method) {
    if (args.length !== 1) fail(method + " takes one argument here");
    const options = isSeq(args[0]) ? args[0].items : [args[0]];
    return options.some((option) => {
      if (typeof option !== "string") fail(method + " needs strings");
      return method === "startswith" ? text.startsWith(option) : text.endsWith(option);
    });
  }

  function call(target, method, args) {
    defined(target); args.forEach(defined);
    if (typeof target !== "string") fail("." + method + "() on a value that is not text");
    if (method === "split") {
      if (args.length > 2) fail("split takes at most two arguments");
      const maxsplit = args.length > 1 ? Number(pystr(args[1])) : undefined;
      return { t: "list", items: split(target, args[0], maxsplit) };
    }
    if (method === "strip" || method === "lstrip" || method === "rstrip") {
      if (args.length > 1) fail(method + " takes at most one argument");
      return strip(target, args[0], method !== "rstrip", method !== "lstrip");
    }
    if (method === "startswith" || method === "endswith") return affix(target, args, method);
    return fail("unsupported method " + method);
  }

  function item(target, index) {
    defined(target);
    const items = typeof target === "string" ? Array.from(target) : isSeq(target) ? target.items : fail("cannot subscript");
    const at = index < 0 ? items.length + index : index;
    return at >= 0 && at < items.length ? items[at] : UNDEF;
  }

  function evaluate(expr, scope, locale) {
    const ev = (e) => evaluate(e, scope, locale);
    switch (expr[0]) {
      case "var": return Object.prototype.hasOwnProperty.call(scope, expr[1]) ? scope[expr[1]] : UNDEF;
      case "const": return expr[1];
      case "tuple": case "list": return { t: expr[0], items: expr[1].map(ev) };
      case "filter": return format(expr[1], defined(ev(expr[2])), locale);
      case "cond": return truthy(ev(expr[1])) ? ev(expr[2]) : ev(expr[3]);
      case "and": { const left = ev(expr[1]); return truthy(left) ? ev(expr[2]) : left; }
      case "or": { const left = ev(expr[1]); return truthy(left) ? left : ev(expr[2]); }
      case "not": return !truthy(ev(expr[1]));
      case "concat": return expr[1].map((e) => pystr(ev(e))).join("");
      case "mod": {
        // Python's % on numbers (a form's number or a constant): the result takes the
        // divisor's sign.
        const asNumber = (v) => typeof v === "number" ? v : v && v.t === "num" ? Number(v.text) : NaN;
        const a = asNumber(defined(ev(expr[1]))), b = asNumber(defined(ev(expr[2])));
        if (Number.isNaN(a) || Number.isNaN(b) || b === 0) return fail("cannot take the remainder");
        return ((a % b) + b) % b;
      }
      case "call": return call(ev(expr[1]), expr[2], expr[3].map(ev));
      case "item": return item(ev(expr[1]), expr[2]);
      case "cmp": {
        let left = ev(expr[1]);
        for (const [op, right] of expr[2]) {
          const value = ev(right);
          const ok = op === "eq" ? eq(left, value) : op === "ne" ? !eq(left, value)
            : op === "in" ? contains(value, left) : !contains(value, left);
          if (!ok) return false;
          left = value;
        }
        return true;
      }
      default: return fail("unknown expression " + expr[0]);
    }
  }

  function execute(program, scope, locale, out) {
    for (const statement of program) {
      if (typeof statement === "string") { out.push(statement); continue; }
      if (statement[0] === "out") out.push(pystr(evaluate(statement[1], scope, locale)));
      else if (statement[0] === "set") {
        const value = evaluate(statement[2], scope, locale);
        if (typeof statement[1] === "string") scope[statement[1]] = value;
        else {
          const items = typeof value === "string" ? Array.from(value) : isSeq(value) ? value.items : fail("cannot unpack");
          if (items.length !== statement[1].length) fail("wrong number of values to unpack");
          statement[1].forEach((name, i) => { scope[name] = items[i]; });
        }
      } else if (statement[0] === "if") {
        const branch = statement[1].find(([test]) => truthy(evaluate(test, scope, locale)));
        execute(branch ? branch[1] : statement[2], scope, locale, out);
      } else fail("unknown statement " + statement[0]);
    }
  }

  // ---- Decimals (digits × 10^exp), as Python's Decimal(str(value)) sees a data file's number -
  function decimalOf(text) {
    const m = /^(-?)(\d+)(?:\.(\d+))?(?:e([+-]?\d+))?$/i.exec(text);
    if (!m) return null;
    const frac = m[3] || "";
    let digits = (m[2] + frac).replace(/^0+(?=\d)/, "");
    return { neg: m[1] === "-", digits: digits, exp: Number(m[4] || 0) - frac.length };
  }

  function decimalText(dec) {
    let digits = dec.digits, text;
    if (dec.exp >= 0) text = digits + "0".repeat(dec.exp);
    else {
      digits = digits.padStart(-dec.exp + 1, "0");
      text = digits.slice(0, dec.exp) + "." + digits.slice(dec.exp);
    }
    return (dec.neg ? "-" : "") + text;
  }

  function compareDecimal(a, b) {
    const scale = Math.max(0, -a.exp, -b.exp);
    const big = (d) => BigInt(d.digits + "0".repeat(d.exp + scale)) * (d.neg ? -1n : 1n);
    const x = big(a), y = big(b);
    return x < y ? -1 : x > y ? 1 : 0;
  }

  // A number as typed in the form, read the way YAML then Babel read it in a data file: an
  // integer exactly, a number with decimals as a float (its shortest repr).
  const NUMBER = /^-?(0|[1-9]\d{0,14})(\.\d{1,10})?$/;
  // Written as the reader's language writes numbers: its own digits, its decimal sign, its
  // thousands grouping ("12.500" is twelve thousand five hundred in Icelandic, "1 250,50" is a
  // Czech amount); a "." that cannot be grouping is a decimal point in every language.
  const GROUPED = /^-?[1-9]\d{0,2}(?:(?:,\d{2})*,\d{3}|(?:[.,\s]\d{3})+)$/;
  // Digits in the language's own script, or in Devanagari or Bengali from an Indian keyboard.
  function asciiDigits(text, locale) {
    let t = text;
    for (const native of [locale.digits, "०१२३४५६७८९", "০১২৩৪৫৬৭৮৯"]) {
      t = t.replace(/./g, (c) => { const i = native.indexOf(c); return i < 0 || i > 9 ? c : String(i); });
    }
    return t;
  }

  function plainNumber(text, locale) {
    let t = text.trim().replace(/[\s\u00a0\u202f]+/g, " ");
    t = asciiDigits(t, locale);
    t = t.replace(/^[\u2212\u2013]/, "-");
    const decimal = locale.symbols.decimal;
    const at = decimal !== "." ? t.lastIndexOf(decimal) : -1;
    let whole = at >= 0 ? t.slice(0, at) : t, fraction = at >= 0 ? t.slice(at + 1) : null;
    if (fraction === null && whole.includes(".")) {
      const dot = whole.lastIndexOf(".");
      // Where the decimal sign is a comma, "1.250" is a thousand and more (Czech and Icelandic).
      const groupedByDot = decimal !== "." && GROUPED.test(whole) && !/[,\s]/.test(whole);
      if (!groupedByDot) { fraction = whole.slice(dot + 1); whole = whole.slice(0, dot); }
    }
    if (/[^\d-]/.test(whole)) {
      if (!GROUPED.test(whole)) return null;
      const separators = new Set(whole.replace(/[\d-]/g, ""));
      if (separators.size !== 1) return null;
      whole = whole.replace(/[.,\s]/g, "");
    }
    if (fraction !== null && !/^\d+$/.test(fraction)) return null;
    return fraction === null ? whole : whole + "." + fraction;
  }

  function parseNumber(typed, locale) {
    const text = plainNumber(typed, locale);
    if (text === null || !NUMBER.test(text)) return null;
    if (!text.includes(".")) {
      const dec = decimalOf(text);
      if (/^0+$/.test(dec.digits)) dec.neg = false;  // YAML reads -0 as the integer 0
      return { t: "num", text: text, float: false, dec: dec };
    }
    const dec = decimalOf(String(Math.abs(Number(text))));
    dec.neg = text.startsWith("-");
    return { t: "num", text: text, float: true, dec: dec };
  }

  // ---- Formatting like Babel's NumberPattern.apply and format_date -----------------------
  function pad(n, width) { return String(n).padStart(width, "0"); }

  function quantize(dec, places) {
    // |dec| rounded half-even to `places` decimals, as digits of an integer scaled by 10^places
    let n = BigInt(dec.digits);
    const shift = dec.exp + places;
    if (shift >= 0) return n * 10n ** BigInt(shift);
    const unit = 10n ** BigInt(-shift), q = n / unit, r = n % unit;
    if (2n * r > unit || (2n * r === unit && q % 2n === 1n)) return q + 1n;
    return q;
  }

  function groupInt(text, pattern, symbols) {
    let value = text.padStart(pattern.int, "0"), size = pattern.grouping[0], result = "";
    while (value.length > size) {
      result = symbols.group + value.slice(-size) + result;
      value = value.slice(0, -size);
      size = pattern.grouping[1];
    }
    return value + result;
  }

  function applyPattern(pattern, dec, locale, currency) {
    const frac = currency ? [locale.currencies[currency].digits, locale.currencies[currency].digits] : pattern.frac;
    const scaled = quantize(dec, frac[1]).toString().padStart(frac[1] + 1, "0");
    const a = frac[1] ? scaled.slice(0, -frac[1]) : scaled;
    let b = frac[1] ? scaled.slice(-frac[1]) : "0";
    let fraction = "";
    if (b.length < frac[0]) b += "0".repeat(frac[0] - b.length);
    if (!(frac[1] === 0 || (frac[0] === 0 && /^0+$/.test(b)))) {
      while (b.length > frac[0] && b.endsWith("0")) b = b.slice(0, -1);
      fraction = locale.symbols.decimal + b;
    }
    const negative = dec.neg ? 1 : 0;
    let text = pattern.prefix[negative] + groupInt(a, pattern, locale.symbols) + fraction + pattern.suffix[negative];
    if (currency) text = text.split("¤").join(locale.currencies[currency].symbol);
    return text.replace(/'([^']*)'/g, (_, inner) => inner || "'");
  }

  function formatDate(value, tokens, locale) {
    return tokens.map((token) => {
      if (typeof token === "string") return token;
      const [field, width] = token;
      if (field === "d") return pad(value.d, width);
      if (field === "y") { const year = pad(value.y, width); return width === 2 ? year.slice(-2) : year; }
      if (field === "E" || field === "c") {
        const day = new Date(Date.UTC(2000, value.m - 1, value.d));
        day.setUTCFullYear(value.y);
        return locale.names[field][width][(day.getUTCDay() + 6) % 7];  // Monday first
      }
      if (width <= 2) return pad(value.m, width);
      return locale.names[field][width][value.m - 1];
    }).join("");
  }

  function formatTime(value, locale) {
    return locale.time.map((token) => {
      if (typeof token === "string") return token;
      const [field, width] = token;
      if (field === "H") return pad(value.h, width);
      if (field === "h") return pad(value.h % 12 || 12, width);
      if (field === "m") return pad(value.m, width);
      if (field === "a") return locale.ampm[value.h < 12 ? 0 : 1];
      return (value.m === 0 ? locale.dayPeriodsOnTheHour : locale.dayPeriods)[value.h];  // B
    }).join("");
  }

  function format(filter, value, locale) {
    let text;
    if (filter === "time") {
      const clock = typeof value === "string" && /^(\d{1,2}):(\d{2})$/.exec(value);
      if (!clock) fail("| time needs a time of day");
      text = formatTime({ h: +clock[1], m: +clock[2] }, locale);
    } else if (filter === "date" || filter === "weekday_date") {
      if (!value || value.t !== "date") fail("| " + filter + " needs a date");
      text = formatDate(value, locale[filter], locale);
      for (const [written, spelling] of locale.spellings) text = text.split(written).join(spelling);
    } else if (filter === "money") {
      if (!value || value.t !== "money") fail("| money needs an amount");
      text = applyPattern(locale.currencies[value.currency].pattern, value.dec, locale, value.currency);
    } else if (filter === "digits") {
      text = pystr(defined(value));
    } else {
      const dec = numeric(value);
      if (!dec) fail("| number needs a number");
      text = applyPattern(locale.decimal, dec, locale, null);
    }
    return text.replace(/[0-9]/g, (d) => locale.digits[Number(d)]);
  }

  // ---- The email, as Rendered.eml() writes it ---------------------------------------------
  const utf8 = (text) => new TextEncoder().encode(text);
  function base64(bytes) {
    let binary = "";
    bytes.forEach((b) => { binary += String.fromCharCode(b); });
    return btoa(binary);
  }

  function encodedWords(text) {
    // RFC 2047 words of at most 45 UTF-8 bytes each, never splitting a character
    const words = [];
    let chunk = "";
    for (const ch of text) {
      if (utf8(chunk + ch).length > 45) { words.push(chunk); chunk = ""; }
      chunk += ch;
    }
    if (chunk) words.push(chunk);
    return words.map((w) => "=?utf-8?b?" + base64(utf8(w)) + "?=").join("\r\n ");
  }

  function address(name, email) {
    if (!name) return email;
    let phrase;
    if (/^[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~]+( [A-Za-z0-9!#$%&'*+\-/=?^_`{|}~]+)*$/.test(name) && !name.includes("=?")) phrase = name;
    else if (/^[\x20-\x7e]*$/.test(name) && !name.includes("=?")) phrase = '"' + name.replace(/(["\\])/g, "\\$1") + '"';
    else phrase = encodedWords(name);
    return phrase + " <" + email + ">";
  }

  const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
  const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  const LINE_BREAKS = /\r\n|[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]/;

  function eml(subject, body, values) {
    const date = values.letter_date, when = new Date(Date.UTC(2000, date.m - 1, date.d));
    when.setUTCFullYear(date.y);
    const subjectHeader = /^[\x20-\x7e]*$/.test(subject) && !subject.includes("=?") && subject.length < 980
      ? subject : encodedWords(subject);
    let lines = body.split(LINE_BREAKS);
    if (lines.length && lines[lines.length - 1] === "" && LINE_BREAKS.test(body.slice(-2))) lines.pop();
    const encoded = base64(utf8(lines.map((l) => l + "\r\n").join(""))).replace(/.{76}/g, "$&\r\n").replace(/\r\n$/, "");
    return [
      "From: " + address(values.sender_name, values.sender_email),
      "To: " + address(values.recipient_name, values.recipient_email),
      "Subject: " + subjectHeader,
      "Date: " + DAYS[when.getUTCDay()] + ", " + pad(date.d, 2) + " " + MONTHS[date.m - 1] + " " + pad(date.y, 4) + " 09:00:00 +0000",
      "X-Unsent: 1",
      'Content-Type: text/plain; charset="utf-8"',
      "Content-Transfer-Encoding: base64",
      "MIME-Version: 1.0",
      "",
      encoded,
      "",
    ].join("\r\n");
  }

  function mailto(subject, body, email) {
    const q = (text) => encodeURIComponent(text).replace(/[!'()*]/g, (c) => "%" + c.charCodeAt(0).toString(16).toUpperCase());
    return "mailto:" + q(email).replace(/%40/g, "@") + "?subject=" + q(subject) +
      "&body=" + q(body.replace(/\n+$/, "").replace(/\n/g, "\r\n"));
  }

  // ---- The form ------------------------------------------------------------------------------
  function parseValue(variable, text, patterns, locale) {
    switch (variable.type) {
      case "date": {
        const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
        if (!m) return null;
        const y = +m[1], mo = +m[2], d = +m[3];
        const check = new Date(Date.UTC(2000, mo - 1, d));
        check.setUTCFullYear(y);
        if (y < 1 || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d) return null;
        return { t: "date", y: y, m: mo, d: d };
      }
      case "time": {
        const m = /^([01]?\d|2[0-3]):([0-5]\d)$/.exec(asciiDigits(text.trim(), locale));
        return m && m[0];  // text, as the data file holds it ("9:05"); the filter reads it
      }
      case "money": {
        const number = parseNumber(text, locale);
        return number && { t: "money", dec: number.dec, currency: variable.currency };
      }
      case "number": return parseNumber(text, locale);
      case "email": case "url": case "phone":
        return new RegExp(patterns[variable.type]).test(text) ? text : null;
      case "choice": return text === "" ? null : text;
      default: return text;
    }
  }

  function Builder(root, data) {
    const status = root.querySelector(".lw-builder__status");
    const subjectOut = root.querySelector("[data-letter-subject]");
    const bodyOut = root.querySelector("[data-letter-body]");
    const words = data.strings;
    const fields = data.variables.map((variable) => {
      const name = variable.type === "money" ? variable.name + ".amount" : variable.name;
      const input = root.querySelector('[name="' + name + '"]');
      return { variable: variable, input: input, error: root.querySelector("#lw-b-" + variable.name + "-error") };
    });
    const values = {};
    let result = null, timer = null;
    let renders = 0;

    function check(field) {
      const value = parseValue(field.variable, field.input.value, data.patterns, data.locale);
      const message = value === null ? words.errors[field.variable.type] : "";
      if (value !== null) values[field.variable.name] = value;
      field.error.textContent = message;
      field.error.hidden = !message;
      if (message) field.input.setAttribute("aria-invalid", "true");
      else field.input.removeAttribute("aria-invalid");
      return message;
    }

    function render() {
      timer = null;
      fields.forEach(check);
      const out = [];
      try {
        execute(data.program, Object.assign({}, values), data.locale, out);
      } catch (error) {
        status.textContent = words.errors.render;
        return result;
      }
      const text = out.join("");
      const cut = text.indexOf("\n\n");
      const head = cut < 0 ? text : text.slice(0, cut);
      result = { subject: head.slice(data.subjectPrefix.length), body: cut < 0 ? "" : text.slice(cut + 2) };
      result.txt = data.subjectLabel + result.subject + "\n\n" + result.body;
      result.eml = eml(result.subject, result.body, values);
      result.mailto = mailto(result.subject, result.body, values.recipient_email);
      subjectOut.textContent = result.subject;
      bodyOut.textContent = result.body;
      root.dataset.renders = String(++renders);
      return result;
    }

    function schedule() {
      if (timer) clearTimeout(timer);
      timer = setTimeout(render, 150);
    }

    function flush() { if (timer) clearTimeout(timer); return render(); }

    function say(message) {
      // a new text node, so the same message is announced again
      status.textContent = "";
      status.appendChild(document.createTextNode(message));
    }

    function save(extension, type, content) {
      const link = document.createElement("a");
      link.href = URL.createObjectURL(new Blob([content], { type: type }));
      link.download = data.file + extension;
      document.body.appendChild(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(link.href), 1000);
      say(words.downloaded.replace("{file}", link.download));
    }

    const actions = {
      copy() {
        const done = () => say(words.copied), failed = () => say(words.copy_failed);
        if (navigator.clipboard) navigator.clipboard.writeText(flush().txt).then(done, failed);
        else failed();
      },
      txt() { save(".txt", "text/plain;charset=utf-8", flush().txt); },
      eml() { save(".eml", "message/rfc822", flush().eml); },
      mailto() {
        const href = flush().mailto;
        if (href.length > data.mailtoLimit) say(data.mailtoTooLong.replace("{length}", href.length));
        else window.location.href = href;
      },
      reset() {
        fields.forEach((field) => { field.input.value = data.example[field.variable.name]; });
        flush();
        say(words.reset_done);
      },
    };

    root.addEventListener("input", schedule);
    root.addEventListener("change", (event) => {
      const field = fields.find((f) => f.input === event.target);
      if (!field) return;
      const message = check(field);
      if (message) say(words.field_error.replace("{field}", field.variable.name).replace("{message}", message));
      schedule();
    });
    root.querySelectorAll("[data-action]").forEach((button) => {
      button.disabled = false;
      button.addEventListener("click", () => actions[button.dataset.action]());
    });
    root.lwBuilder = { flush: flush, values: values };
    flush();
    root.dataset.builderReady = "true";
  }

  document.querySelectorAll("[data-letter-builder]").forEach((root) => {
    if (root.dataset.builderReady) return;
    fetch(root.dataset.src)
      .then((response) => response.json())
      .then((data) => Builder(root, data));
  });
})();
