/* Insturen: a contributor form that turns into a praktijkvoorbeeld YAML file.
 *
 * Everything is generated from the JSON Schema embedded in the page (<script id="schema">),
 * the single source of truth for fields, labels (title), help (description) and limits.
 * No libraries, no network: the file is built in the browser and offered as a download.
 *
 * The pure parts (YAML reader and writer, slug, validation helpers) are exported for tests
 * when this file is loaded outside a browser (module.exports).
 */
(function () {
  'use strict';

  /* ------------------------------------------------------------------ YAML reader */

  function YamlError(line, message) {
    this.name = 'YamlError';
    this.line = line;
    this.message = message;
  }
  YamlError.prototype = Object.create(Error.prototype);
  YamlError.prototype.constructor = YamlError;

  var BOOL_TRUE = /^(?:yes|Yes|YES|true|True|TRUE|on|On|ON)$/;
  var BOOL_FALSE = /^(?:no|No|NO|false|False|FALSE|off|Off|OFF)$/;
  var NULL_RE = /^(?:~|null|Null|NULL|)$/;
  var INT_RE = /^[-+]?(?:0|[1-9][0-9_]*)$/;
  var FLOAT_RE = /^[-+]?(?:[0-9][0-9_]*)?\.[0-9_]+(?:[eE][-+]?[0-9]+)?$|^[-+]?[0-9][0-9_]*\.(?:[eE][-+]?[0-9]+)?$/;

  /** A plain scalar as YAML 1.1 reads it: null, boolean, number or text (dates stay text). */
  function resolvePlain(text) {
    if (NULL_RE.test(text)) return null;
    if (BOOL_TRUE.test(text)) return true;
    if (BOOL_FALSE.test(text)) return false;
    if (INT_RE.test(text)) return parseInt(text.replace(/_/g, ''), 10);
    if (FLOAT_RE.test(text)) return parseFloat(text.replace(/_/g, ''));
    return text;
  }

  function leadingSpaces(raw) {
    var n = 0;
    while (n < raw.length && raw.charAt(n) === ' ') n++;
    return n;
  }

  function isBlank(raw) {
    return /^[ \t]*$/.test(raw);
  }

  function isSeqItem(text) {
    return text === '-' || /^-[ \t]/.test(text);
  }

  /** Where a trailing comment (' #') starts in plain text, or -1. */
  function commentAt(text) {
    if (text.charAt(0) === '#') return 0;
    var m = /[ \t]#/.exec(text);
    return m ? m.index : -1;
  }

  var ESCAPES = {
    '0': '\0', a: '\x07', b: '\b', t: '\t', '\t': '\t', n: '\n', v: '\x0b', f: '\f',
    r: '\r', e: '\x1b', ' ': ' ', '"': '"', '/': '/', '\\': '\\', N: '\x85', _: '\xa0',
    L: '\u2028', P: '\u2029'
  };

  /**
   * Reads a quoted scalar starting at text[0] (' or "). `text` may span several lines
   * (joined with \n); line breaks fold as in YAML. Returns {value, end} or null if unclosed.
   */
  function scanQuoted(text, lineNo) {
    var quote = text.charAt(0);
    var out = '';
    var i = 1;
    while (i < text.length) {
      var c = text.charAt(i);
      if (quote === "'" && c === "'") {
        if (text.charAt(i + 1) === "'") { out += "'"; i += 2; continue; }
        return { value: out, end: i + 1 };
      }
      if (quote === '"' && c === '"') return { value: out, end: i + 1 };
      if (quote === '"' && c === '\\') {
        var e = text.charAt(i + 1);
        if (e === '\n') {  // escaped line break: join without a space
          i += 2;
          while (text.charAt(i) === ' ' || text.charAt(i) === '\t') i++;
          continue;
        }
        if (Object.prototype.hasOwnProperty.call(ESCAPES, e)) { out += ESCAPES[e]; i += 2; continue; }
        var len = { x: 2, u: 4, U: 8 }[e];
        if (len) {
          var hex = text.substr(i + 2, len);
          if (!new RegExp('^[0-9a-fA-F]{' + len + '}$').test(hex)) {
            throw new YamlError(lineNo, 'ongeldige code \\' + e + hex + ' tussen aanhalingstekens');
          }
          out += String.fromCodePoint(parseInt(hex, 16));
          i += 2 + len;
          continue;
        }
        throw new YamlError(lineNo, 'onbekende code \\' + e + ' tussen dubbele aanhalingstekens; '
          + 'schrijf een backslash als \\\\');
      }
      if (c === '\n') {  // fold: trailing and leading white space go, a single break is a space
        out = out.replace(/[ \t]+$/, '');
        var breaks = 0;
        while (text.charAt(i) === '\n') {
          breaks++;
          i++;
          while (text.charAt(i) === ' ' || text.charAt(i) === '\t') i++;
        }
        out += breaks === 1 ? ' ' : new Array(breaks).join('\n');
        continue;
      }
      out += c;
      i++;
    }
    return null;
  }

  function Parser(text) {
    this.lines = text.split('\n');
    this.pos = 0;
    this.virtual = null;
  }

  Parser.prototype.fail = function (lineNo, message) {
    throw new YamlError(lineNo, message);
  };

  /** The next line that carries content (skipping blank and comment lines), or null. */
  Parser.prototype.peek = function () {
    if (this.virtual) return this.virtual;
    while (this.pos < this.lines.length) {
      var raw = this.lines[this.pos];
      var trimmed = raw.replace(/^[ \t]+/, '');
      if (trimmed === '' || trimmed.charAt(0) === '#') { this.pos++; continue; }
      var indent = leadingSpaces(raw);
      if (raw.charAt(indent) === '\t') {
        this.fail(this.pos + 1, 'gebruik spaties om in te springen, geen tabs');
      }
      return { num: this.pos + 1, indent: indent, text: raw.slice(indent).replace(/[ \t]+$/, '') };
    }
    return null;
  };

  Parser.prototype.consume = function () {
    if (this.virtual) this.virtual = null;
    else this.pos++;
  };

  Parser.prototype.document = function () {
    var first = this.peek();
    if (first && first.indent === 0 && first.text.charAt(0) === '%') {
      this.fail(first.num, 'YAML-instructies (regels die met % beginnen) worden niet ondersteund');
    }
    if (first && first.indent === 0 && /^---(\s|$)/.test(first.text)) {
      if (first.text.replace(/^---\s*/, '').replace(/#.*$/, '') !== '') {
        this.fail(first.num, "zet na '---' niets op dezelfde regel");
      }
      this.consume();
      first = this.peek();
    }
    if (!first) return null;
    var value = this.block(first.indent);
    var rest = this.peek();
    if (rest) {
      if (rest.indent === 0 && /^\.\.\.(\s|$)/.test(rest.text)) return value;
      if (rest.indent === 0 && /^---(\s|$)/.test(rest.text)) {
        this.fail(rest.num, 'het bestand bevat meer dan één document (---); één voorbeeld per bestand');
      }
      this.fail(rest.num, rest.indent > 0 ? 'onverwachte inspringing: deze regel springt verder in dan de regels erboven'
        : "deze regel past niet in de opbouw van het bestand; begin met 'naam: waarde'");
    }
    return value;
  };

  /** A block node whose first line (peeked) is at `indent`. */
  Parser.prototype.block = function (indent) {
    var line = this.peek();
    if (isSeqItem(line.text)) return this.sequence(indent);
    if (this.splitKey(line.text, line.num)) return this.mapping(indent);
    this.consume();
    return this.scalar(line.text, line, indent - 1);
  };

  /** 'naam: waarde' → {key, rest}; null when the text is not a key. */
  Parser.prototype.splitKey = function (text, lineNo) {
    var c = text.charAt(0);
    if (c === '"' || c === "'") {
      var q = scanQuoted(text, lineNo);
      if (!q) return null;
      var after = text.slice(q.end);
      var m = /^[ \t]*:(?=[ \t]|$)/.exec(after);
      return m ? { key: q.value, rest: after.slice(m[0].length) } : null;
    }
    if (c === '#' || c === '-' && isSeqItem(text)) return null;
    var comment = commentAt(text);
    var head = comment >= 0 ? text.slice(0, comment) : text;
    var k = /:(?=[ \t]|$)/.exec(head);
    if (!k) return null;
    var key = head.slice(0, k.index).replace(/[ \t]+$/, '');
    if (key === '') return null;
    if (c === '?') this.fail(lineNo, "ingewikkelde sleutels ('? ') worden niet ondersteund");
    if (/^[&*!]/.test(key)) {
      this.fail(lineNo, 'ankers, verwijzingen en tags (&, *, !) zijn niet toegestaan');
    }
    return { key: key, rest: text.slice(k.index + 1) };
  };

  Parser.prototype.mapping = function (indent) {
    var out = {};
    var seen = Object.create(null);
    for (;;) {
      var line = this.peek();
      if (!line || line.indent < indent) break;
      if (line.indent === 0 && /^(---|\.\.\.)(\s|$)/.test(line.text)) break;
      if (line.indent > indent) {
        this.fail(line.num, 'onverwachte inspringing: deze regel springt verder in dan de regels erboven');
      }
      if (isSeqItem(line.text)) {
        this.fail(line.num, "hier wordt een veld verwacht ('naam: waarde'), geen lijstpunt ('- ')");
      }
      var kv = this.splitKey(line.text, line.num);
      if (!kv) {
        this.fail(line.num, "hier wordt een veld verwacht in de vorm 'naam: waarde'; "
          + 'staat er een dubbele punt in de tekst erboven, zet die tekst dan tussen aanhalingstekens');
      }
      if (seen[kv.key]) this.fail(line.num, "het veld '" + kv.key + "' komt twee keer voor");
      seen[kv.key] = true;
      this.consume();
      var value = this.value(kv.rest, line, indent, true);
      if (kv.key === '__proto__') {
        Object.defineProperty(out, kv.key, { value: value, enumerable: true, writable: true, configurable: true });
      } else {
        out[kv.key] = value;
      }
    }
    return out;
  };

  Parser.prototype.sequence = function (indent) {
    var out = [];
    for (;;) {
      var line = this.peek();
      if (!line || line.indent < indent) break;
      if (line.indent > indent) {
        this.fail(line.num, 'onverwachte inspringing: deze regel springt verder in dan de regels erboven');
      }
      if (!isSeqItem(line.text)) break;
      this.consume();
      var after = line.text.slice(1);
      var spaces = /^[ \t]*/.exec(after)[0].length;
      var text = after.slice(spaces);
      if (text === '' || text.charAt(0) === '#') {
        var next = this.peek();
        out.push(next && next.indent > indent ? this.block(next.indent) : null);
        continue;
      }
      var itemIndent = indent + 1 + spaces;
      if (isSeqItem(text) || this.splitKey(text, line.num)) {
        this.virtual = { num: line.num, indent: itemIndent, text: text };
        out.push(this.block(itemIndent));
        continue;
      }
      out.push(this.value(text, line, indent, false));
    }
    return out;
  };

  /** The value after 'naam:' or '- '; `indent` is the indentation of its parent node. */
  Parser.prototype.value = function (rest, line, indent, inMapping) {
    var text = rest.replace(/^[ \t]+/, '');
    if (text === '' || text.charAt(0) === '#') {
      var next = this.peek();
      if (next && next.indent > indent) return this.block(next.indent);
      if (next && inMapping && next.indent === indent && isSeqItem(next.text)) {
        return this.sequence(indent);
      }
      return null;
    }
    return this.scalar(text, line, indent);
  };

  Parser.prototype.scalar = function (text, line, indent) {
    var c = text.charAt(0);
    if (c === '&' || c === '*' || c === '!') {
      this.fail(line.num, 'ankers, verwijzingen en tags (&, *, !) zijn niet toegestaan; '
        + 'zet een tekst die zo begint tussen aanhalingstekens');
    }
    if (c === '|' || c === '>') return this.blockScalar(text, line, indent);
    if (c === '"' || c === "'") return this.quoted(text, line, indent);
    if (c === '[' || c === '{') return this.flow(text, line);
    if (c === '@' || c === '`') {
      this.fail(line.num, 'een waarde mag niet met ' + c + ' beginnen; zet de tekst tussen aanhalingstekens');
    }
    return this.plain(text, line, indent);
  };

  Parser.prototype.plain = function (text, line, indent) {
    var comment = commentAt(text);
    var first = (comment >= 0 ? text.slice(0, comment) : text).replace(/[ \t]+$/, '');
    var colon = /:(?=[ \t]|$)/;
    if (colon.test(first)) {
      this.fail(line.num, "een dubbele punt met een spatie (': ') hoort niet in een tekst zonder "
        + 'aanhalingstekens; zet de hele tekst tussen aanhalingstekens');
    }
    var value = first;
    if (comment < 0) {
      var blanks = 0;
      var j = this.pos;
      while (j < this.lines.length) {
        var raw = this.lines[j];
        if (isBlank(raw)) { blanks++; j++; continue; }
        var ind = leadingSpaces(raw);
        var body = raw.slice(ind).replace(/[ \t]+$/, '');
        if (ind <= indent || body.charAt(0) === '#') break;
        if (isSeqItem(body) && ind <= indent + 1) break;
        var cut = commentAt(body);
        var part = (cut >= 0 ? body.slice(0, cut) : body).replace(/[ \t]+$/, '');
        if (colon.test(part)) {
          this.fail(j + 1, "een dubbele punt met een spatie (': ') hoort niet in een tekst zonder "
            + 'aanhalingstekens; zet de hele tekst tussen aanhalingstekens');
        }
        value += blanks ? new Array(blanks + 1).join('\n') : ' ';
        value += part;
        blanks = 0;
        j++;
        this.pos = j;
        if (cut >= 0) break;
      }
      return value === first ? resolvePlain(first) : value;
    }
    return resolvePlain(first);
  };

  Parser.prototype.quoted = function (text, line, indent) {
    var joined = text;
    var last = this.pos;  // lines after `line` consumed so far
    var result = scanQuoted(joined, line.num);
    while (!result && last < this.lines.length) {
      var raw = this.lines[last];
      if (!isBlank(raw) && leadingSpaces(raw) <= indent) break;
      joined += '\n' + raw;
      last++;
      result = scanQuoted(joined, line.num);
    }
    if (!result) {
      this.fail(line.num, 'het aanhalingsteken (' + text.charAt(0) + ') op deze regel wordt niet gesloten');
    }
    this.pos = last;
    var after = joined.slice(result.end).replace(/^[ \t]+/, '');
    if (after !== '' && after.charAt(0) !== '#') {
      var endLine = line.num + (joined.slice(0, result.end).match(/\n/g) || []).length;
      this.fail(endLine, 'na het sluitende aanhalingsteken staat nog tekst; zet de hele tekst '
        + 'tussen aanhalingstekens, en schrijf een aanhalingsteken binnen de tekst als \\"');
    }
    return result.value;
  };

  Parser.prototype.flow = function (text, line) {
    var comment = text.search(/[\]}][ \t]+#/);
    var body = (comment >= 0 ? text.slice(0, comment + 1) : text).replace(/[ \t]+$/, '');
    if (body === '[]') return [];
    if (body === '{}') return {};
    if (body.charAt(0) === '{' || body.charAt(body.length - 1) !== ']') {
      this.fail(line.num, 'deze korte schrijfwijze ([…] of {…}) wordt niet ondersteund; '
        + "zet elk punt op een eigen regel die begint met '- '");
    }
    var inner = body.slice(1, -1);
    var items = [];
    var i = 0;
    while (i <= inner.length) {
      while (inner.charAt(i) === ' ') i++;
      var c = inner.charAt(i);
      var item;
      if (c === '"' || c === "'") {
        var q = scanQuoted(inner.slice(i), line.num);
        if (!q) this.fail(line.num, 'het aanhalingsteken (' + c + ') op deze regel wordt niet gesloten');
        item = q.value;
        i += q.end;
        while (inner.charAt(i) === ' ') i++;
      } else {
        var end = inner.indexOf(',', i);
        if (end < 0) end = inner.length;
        var plainText = inner.slice(i, end).trim();
        if (/[[\]{}]/.test(plainText)) {
          this.fail(line.num, 'lijsten binnen lijsten worden niet ondersteund');
        }
        if (plainText === '' && end === inner.length && items.length) break;
        item = resolvePlain(plainText);
        i = end;
      }
      items.push(item);
      if (i >= inner.length) break;
      if (inner.charAt(i) !== ',') this.fail(line.num, 'verwacht een komma tussen de punten in […]');
      i++;
    }
    return items;
  };

  Parser.prototype.blockScalar = function (header, line, indent) {
    var m = /^([|>])(?:([1-9])([-+])?|([-+])([1-9])?)?[ \t]*(?:#.*)?$/.exec(header);
    if (!m) {
      this.fail(line.num, "na '" + header.charAt(0) + "' mag op dezelfde regel alleen - of + staan; "
        + 'begin de tekst op de volgende regel');
    }
    var literal = m[1] === '|';
    var chomp = m[3] || m[4] || '';
    var explicit = m[2] || m[5];
    var contentIndent = -1;
    if (explicit) contentIndent = Math.max(indent, 0) + parseInt(explicit, 10);
    var collected = [];
    var j = this.pos;
    while (j < this.lines.length) {
      var raw = this.lines[j];
      if (isBlank(raw)) {
        collected.push(contentIndent >= 0 && raw.length > contentIndent ? raw.slice(contentIndent) : '');
        j++;
        continue;
      }
      var ind = leadingSpaces(raw);
      if (contentIndent < 0) {
        if (ind <= indent) break;
        if (raw.charAt(ind) === '\t' && ind <= indent + 1) {
          this.fail(j + 1, 'gebruik spaties om in te springen, geen tabs');
        }
        contentIndent = ind;
      }
      if (ind < contentIndent) break;
      collected.push(raw.slice(contentIndent));
      j++;
    }
    // Trailing blank lines belong to the scalar only for chomping; give them back otherwise.
    var trailing = 0;
    while (collected.length && /^[ \t]*$/.test(collected[collected.length - 1]) &&
           collected[collected.length - 1] === '') {
      collected.pop();
      trailing++;
    }
    this.pos = j;
    var body;
    if (literal) {
      body = collected.join('\n');
    } else {
      body = '';
      var pending = 0;
      var prevNormal = null;
      for (var k = 0; k < collected.length; k++) {
        var l = collected[k];
        if (l === '') { pending++; continue; }
        var more = l.charAt(0) === ' ' || l.charAt(0) === '\t';
        if (prevNormal === null) body += new Array(pending + 1).join('\n');
        else if (prevNormal && !more) body += pending ? new Array(pending + 1).join('\n') : ' ';
        else body += new Array(pending + 2).join('\n');
        body += l;
        pending = 0;
        prevNormal = !more;
      }
    }
    if (chomp === '-' || collected.length === 0 && chomp !== '+') return body;
    if (chomp === '+') return body + new Array(trailing + (collected.length ? 2 : 1)).join('\n');
    return body + '\n';
  };

  /**
   * Reads the YAML subset praktijkvoorbeelden use: block mappings and lists, lists of
   * mappings, block scalars (| and >, with - or +), quoted and plain scalars, comments and
   * simple [a, b] lists. Throws YamlError(line, Dutch message) on anything else.
   */
  function parseYaml(text) {
    text = String(text).replace(/^\ufeff/, '').replace(/\r\n?/g, '\n');
    return new Parser(text).document();
  }

  /* ------------------------------------------------------------------ YAML writer */

  var PERIOD_RE = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;
  var DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
  // Characters that YAML only allows escaped, inside double quotes.
  var UNPRINTABLE = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufeff\ufffe\uffff]/;

  /** Would a YAML 1.1 reader (or a careless human) misread this text without quotes? */
  function needsQuotes(s) {
    if (s === '') return true;
    if (/^[ \t]|[ \t]$/.test(s)) return true;
    if (/[\n\r\t\x85\u2028\u2029]/.test(s) || UNPRINTABLE.test(s)) return true;
    if (/^[-?:,[\]{}#&*!|>'"%@`=<]/.test(s)) return true;
    if (/: |:$| #/.test(s)) return true;
    if (/^(?:y|n|yes|no|true|false|on|off|null|~)$/i.test(s)) return true;
    if (/^[-+]?\.?[0-9]/.test(s) && /^[-+0-9_.:eE]+$/.test(s)) return true;  // numbers, 1:30
    if (/^[-+]?0[xXoObB]/.test(s) || /^[-+]?\.(?:inf|nan)$/i.test(s)) return true;
    if (/^\d{4}-\d{1,2}-\d{1,2}(?:$|[Tt ])/.test(s)) return true;  // dates and timestamps
    return false;
  }

  function doubleQuote(s) {
    var out = '"';
    for (var i = 0; i < s.length; i++) {
      var c = s.charAt(i);
      var code = s.charCodeAt(i);
      if (c === '"') out += '\\"';
      else if (c === '\\') out += '\\\\';
      else if (c === '\n') out += '\\n';
      else if (c === '\t') out += '\\t';
      else if (c === '\r') out += '\\r';
      else if (code >= 0xd800 && code <= 0xdbff && i + 1 < s.length &&
               s.charCodeAt(i + 1) >= 0xdc00 && s.charCodeAt(i + 1) <= 0xdfff) {
        out += c + s.charAt(i + 1);
        i++;
      } else if (UNPRINTABLE.test(c) || code === 0x85 || code === 0x2028 || code === 0x2029) {
        out += code < 0x100 ? '\\x' + ('0' + code.toString(16)).slice(-2)
          : '\\u' + ('000' + code.toString(16)).slice(-4);
      } else out += c;
    }
    return out + '"';
  }

  function isMarkdown(schema) {
    return !!schema && schema.contentMediaType === 'text/markdown';
  }

  /** One scalar: `indent` is where the lines of a block scalar go. */
  function dumpScalar(value, schema, indent) {
    if (value === null || value === undefined) return '""';
    if (typeof value === 'boolean') return value ? 'true' : 'false';
    if (typeof value === 'number') {
      var n = String(value);
      return /e/i.test(n) ? String(value.toFixed(10)).replace(/\.?0+$/, '') : n;
    }
    var s = String(value);
    var fmt = schema && schema.format;
    if ((fmt === 'date' && DATE_RE.test(s)) || (fmt === 'periode' && PERIOD_RE.test(s))) return s;
    var multiline = s.indexOf('\n') >= 0 || isMarkdown(schema);
    if (multiline && !UNPRINTABLE.test(s) && !/[\r\x85\u2028\u2029]/.test(s) && !/^[ \t\n]/.test(s)) {
      var pad = new Array(indent + 1).join(' ');
      var lines = s.replace(/\n+$/, '').split('\n').map(function (l) { return l === '' ? '' : pad + l; });
      return '|\n' + lines.join('\n');
    }
    return needsQuotes(s) ? doubleQuote(s) : s;
  }

  function orderedKeys(obj, schema) {
    var props = schema && schema.properties ? Object.keys(schema.properties) : [];
    var keys = props.filter(function (k) { return Object.prototype.hasOwnProperty.call(obj, k); });
    Object.keys(obj).forEach(function (k) { if (keys.indexOf(k) < 0) keys.push(k); });
    return keys;
  }

  function propSchema(schema, key) {
    return schema && schema.properties && schema.properties[key] || null;
  }

  function dumpMapping(obj, schema, indent, out) {
    var pad = new Array(indent + 1).join(' ');
    orderedKeys(obj, schema).forEach(function (key, i) {
      var prefix = (out.firstPrefix && i === 0) ? out.firstPrefix : pad;
      if (i === 0) out.firstPrefix = null;
      dumpEntry(prefix + key + ':', obj[key], propSchema(schema, key), indent, out);
    });
  }

  function dumpEntry(head, value, schema, indent, out) {
    if (Array.isArray(value)) {
      if (!value.length) { out.lines.push(head + ' []'); return; }
      out.lines.push(head);
      var itemSchema = schema && schema.items || null;
      var dash = new Array(indent + 3).join(' ') + '- ';
      value.forEach(function (item) {
        if (item && typeof item === 'object' && !Array.isArray(item)) {
          out.firstPrefix = dash;
          dumpMapping(item, itemSchema, indent + 4, out);
        } else {
          out.lines.push(dash + dumpScalar(item, itemSchema, indent + 4));
        }
      });
    } else if (value && typeof value === 'object') {
      out.lines.push(head);
      dumpMapping(value, schema, indent + 2, out);
    } else {
      out.lines.push(head + ' ' + dumpScalar(value, schema, indent + 2));
    }
  }

  /** The YAML text of `data`, keys in the schema's property order. */
  function dumpYaml(data, schema) {
    var out = { lines: [], firstPrefix: null };
    dumpMapping(data, schema, 0, out);
    return out.lines.join('\n') + '\n';
  }

  function slugify(text) {
    var plain = String(text).normalize('NFKD').replace(/[^\x00-\x7f]/g, '').toLowerCase();
    return plain.replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'praktijkvoorbeeld';
  }

  /* ------------------------------------------------------------------ form state */

  function typesOf(schema) {
    return Array.isArray(schema.type) ? schema.type : [schema.type];
  }

  function isObject(schema) { return typesOf(schema).indexOf('object') >= 0; }
  function isArray(schema) { return typesOf(schema).indexOf('array') >= 0; }
  function isBoolean(schema) { return typesOf(schema).indexOf('boolean') >= 0; }

  function initialCount(schema) {
    var min = schema.minItems || 0;
    return isObject(schema.items) ? min : Math.max(min, 1);
  }

  /** The form's value for an empty field: '' for text, false, {} of empties, [] of empties. */
  function emptyState(schema) {
    if (isObject(schema)) {
      var o = {};
      Object.keys(schema.properties || {}).forEach(function (k) { o[k] = emptyState(schema.properties[k]); });
      return o;
    }
    if (isArray(schema)) {
      var list = [];
      for (var i = 0; i < initialCount(schema); i++) list.push(emptyState(schema.items));
      return list;
    }
    return isBoolean(schema) ? false : '';
  }

  function isPlainObject(v) {
    return v !== null && typeof v === 'object' && !Array.isArray(v);
  }

  /**
   * Form state from parsed YAML (or a saved state): every field present, text as strings.
   * Keys the schema does not know, and values of the wrong shape, are listed in `ignored`.
   */
  function stateFromData(value, schema, path, ignored) {
    if (isObject(schema)) {
      var o = emptyState(schema);
      if (value === null || value === undefined) return o;
      if (!isPlainObject(value)) { ignored.push(pathText(path)); return o; }
      Object.keys(value).forEach(function (k) {
        if (!schema.properties || !Object.prototype.hasOwnProperty.call(schema.properties, k)) {
          ignored.push(pathText(path.concat([k])));
        } else {
          o[k] = stateFromData(value[k], schema.properties[k], path.concat([k]), ignored);
        }
      });
      return o;
    }
    if (isArray(schema)) {
      if (value === null || value === undefined) return emptyState(schema);
      var items = Array.isArray(value) ? value : [value];
      var list = items.map(function (item, i) {
        return stateFromData(item, schema.items, path.concat([i]), ignored);
      });
      var want = isObject(schema.items) ? (schema.minItems || 0) : initialCount(schema);
      while (list.length < want) list.push(emptyState(schema.items));
      return list;
    }
    if (isBoolean(schema)) return value === true;
    if (value === null || value === undefined) return '';
    if (typeof value === 'object') { ignored.push(pathText(path)); return ''; }
    return String(value);
  }

  function pathText(path) {
    var out = '';
    path.forEach(function (p) {
      out += typeof p === 'number' ? '[' + (p + 1) + ']' : (out ? '.' : '') + p;
    });
    return out;
  }

  function cleanText(v) {
    return String(v).replace(/\r\n?/g, '\n').replace(/^\s+|\s+$/g, '');
  }

  function isEmptyState(v) {
    if (Array.isArray(v)) return v.every(isEmptyState);
    if (isPlainObject(v)) return Object.keys(v).every(function (k) { return isEmptyState(v[k]); });
    if (typeof v === 'boolean') return true;  // an unticked or ticked box alone says nothing
    return cleanText(v) === '';
  }

  /** Data to write, from a (validated) form state; empty fields are left out. */
  function dataFromState(state, schema) {
    if (isObject(schema)) {
      if (isEmptyState(state)) return undefined;
      var o = {};
      Object.keys(schema.properties || {}).forEach(function (k) {
        var v = dataFromState(state[k], schema.properties[k]);
        if (v !== undefined) o[k] = v;
      });
      return o;
    }
    if (isArray(schema)) {
      var list = [];
      (state || []).forEach(function (item) {
        var v = dataFromState(item, schema.items);
        if (v !== undefined) list.push(v);
      });
      return list.length ? list : undefined;
    }
    if (isBoolean(schema)) return state === true ? true : undefined;
    var t = cleanText(state || '');
    if (t === '') return undefined;
    var types = typesOf(schema);
    if (types.indexOf('integer') >= 0 && /^[-+]?\d+$/.test(t) &&
        (types.indexOf('string') < 0 || /^\d{4}$/.test(t))) {
      return parseInt(t, 10);
    }
    if (types.indexOf('number') >= 0 && /^[-+]?\d+(?:[.,]\d+)?$/.test(t)) {
      return Number(t.replace(',', '.'));
    }
    return t;
  }

  /* ------------------------------------------------------------------ validation */

  var EMAIL_RE = /^[^@\s<>()[\],;:"]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$/;
  var WEBLINK_RE = /^https?:\/\/[^\s/$.?#][^\s]*$/i;
  var YEAR_MIN = 1900;
  var YEAR_MAX = 2100;

  function validDate(y, m, d) {
    var date = new Date(Date.UTC(y, m - 1, d));
    return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
  }

  function periodOk(t) {
    var m = PERIOD_RE.exec(t);
    if (!m) return false;
    var y = +m[1];
    if (y < YEAR_MIN || y > YEAR_MAX) return false;
    return validDate(y, m[2] ? +m[2] : 1, m[3] ? +m[3] : 1);
  }

  function dateOk(t) {
    return DATE_RE.test(t) && validDate(+t.slice(0, 4), +t.slice(5, 7), +t.slice(8, 10));
  }

  /** [first day, last day] of a period as 'YYYY-MM-DD' strings (they sort as dates). */
  function periodBounds(t) {
    var m = PERIOD_RE.exec(t);
    if (!m) return null;
    if (m[3]) return [t, t];
    if (m[2]) {
      var last = new Date(Date.UTC(+m[1], +m[2], 0)).getUTCDate();
      return [m[1] + '-' + m[2] + '-01', m[1] + '-' + m[2] + '-' + ('0' + last).slice(-2)];
    }
    return [m[1] + '-01-01', m[1] + '-12-31'];
  }

  function todayText(now) {
    var d = now || new Date();
    return d.getFullYear() + '-' + ('0' + (d.getMonth() + 1)).slice(-2) + '-' + ('0' + d.getDate()).slice(-2);
  }

  function charCount(t) {
    return Array.from(t).length;
  }

  function capitalise(t) {
    return t.charAt(0).toUpperCase() + t.slice(1);
  }

  function listOptions(values) {
    return values.length > 1 ? values.slice(0, -1).join(', ') + ' of ' + values[values.length - 1]
      : values.join('');
  }

  /** The Dutch name of a field for messages: 'Titel', 'Partner 2 – Naam', 'Werkvraag 2'. */
  function fieldName(schema, path) {
    var parts = [];
    var s = schema;
    path.forEach(function (p) {
      if (typeof p === 'number') {
        s = s.items;
        parts[parts.length - 1] = (s.title || 'Punt') + ' ' + (p + 1);
      } else {
        s = s.properties[p];
        parts.push(s.title || p);
      }
    });
    return parts.join(' – ');
  }

  function markdownProblems(text) {
    var found = [];
    var lines = text.split('\n');
    var inFence = false;
    lines.forEach(function (line) {
      if (/^ {0,3}(```|~~~)/.test(line)) inFence = !inFence;
      if (inFence) return;
      if (/^ {0,3}#{1,6}(\s|$)/.test(line)) {
        found.push(['koppen (regels die met # beginnen) zijn niet toegestaan',
          'de koppen komen uit het sjabloon; maak van de regel een gewone zin, of **vet** als u iets wilt benadrukken']);
      }
    });
    if (/!\[/.test(text)) {
      found.push(['afbeeldingen in de tekst zijn niet toegestaan',
        "zet de afbeelding onder 'Afbeeldingen' met een alternatieve tekst"]);
    }
    var html = /<\/?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?\/?>|<!--/g;
    var m;
    while ((m = html.exec(text))) {
      if (/^<(?:https?|mailto):/i.test(m[0])) continue;
      found.push(['HTML-code is niet toegestaan in de tekst',
        'gebruik Markdown: **vet**, *cursief*, [tekst](https://…); wilt u een teken als < tonen, zet er dan een \\ voor']);
      break;
    }
    var link = /\]\(\s*<?([^)\s>]*)/g;
    while ((m = link.exec(text))) {
      if (!/^(?:https?:|mailto:)/i.test(m[1])) {
        found.push(["de link '" + m[1] + "' is niet toegestaan",
          'alleen links die beginnen met https://, http:// of mailto: mogen']);
      }
    }
    return found;
  }

  /**
   * Every problem in the form state, as {path, message, hint, list}. Messages follow the
   * wording of `workbook check` (workbook/validate.py and workbook/rules.py).
   */
  function validateState(state, schema, themes, today) {
    var errors = [];
    var themeIds = themes.map(function (t) { return t.id; });

    function add(path, message, hint, list) {
      errors.push({ path: path, message: capitalise(message), hint: hint || null, list: !!list });
    }

    function checkScalar(value, s, path, required) {
      var name = fieldName(schema, path);
      var types = typesOf(s);
      if (isBoolean(s)) return;
      var t = cleanText(value || '');
      if (t === '') {
        if (required) {
          if (s.enum || path.length === 1 && path[0] === 'thema' && themeIds.length) {
            add(path, 'kies bij ' + name + ' een van de mogelijkheden');
          } else add(path, name + ' is leeg');
        }
        return;
      }
      if (path.length === 1 && path[0] === 'thema' && themeIds.length) {
        if (themeIds.indexOf(t) < 0) {
          add(path, "thema '" + t + "' bestaat niet in dit werkboek", 'kies uit: ' + themeIds.join(', '));
        }
        return;
      }
      if (s.pattern && !new RegExp(s.pattern).test(t)) {
        add(path, name + " '" + t + "' is geen geldige korte naam",
          "gebruik alleen kleine letters, cijfers en streepjes, zoals 'mijn-thema'");
        return;
      }
      if (s.enum) {
        if (s.enum.indexOf(t) < 0) {
          if (s.enum.length <= 5) add(path, name + ' moet ' + listOptions(s.enum) + " zijn, niet '" + t + "'");
          else add(path, name + " '" + t + "' is geen toegestane waarde", 'Kies uit: ' + s.enum.join(', '));
        }
        return;
      }
      if (s.format === 'periode') {
        if (!periodOk(t)) {
          add(path, name + " '" + t + "' is geen geldig jaar, maand of datum",
            'schrijf een jaar (2020), een maand (2020-10) of een datum (2020-10-16)');
        }
        return;
      }
      if (s.format === 'date') {
        if (!dateOk(t)) {
          add(path, name + " '" + t + "' is geen geldige datum",
            'schrijf de datum als JJJJ-MM-DD, bijvoorbeeld 2024-05-01');
        }
        return;
      }
      if (types.indexOf('integer') >= 0) {
        if (!/^[-+]?\d+$/.test(t)) {
          add(path, name + ' moet een geheel getal zijn, niet tekst',
            'schrijf alleen het getal, zonder punt voor duizendtallen');
        } else if (s.format === 'jaar' && (+t < YEAR_MIN || +t > YEAR_MAX)) {
          add(path, name + ' ' + t + ' is geen geldig jaartal',
            'schrijf een jaartal tussen ' + YEAR_MIN + ' en ' + YEAR_MAX + ', zoals 2022');
        }
        return;
      }
      if (types.indexOf('number') >= 0) {
        if (/^\d{1,3}(\.\d{3})+$/.test(t)) {
          add(path, 'in YAML is de punt een decimaalteken, geen scheiding voor duizendtallen',
            'schrijf het getal zonder punt, bijvoorbeeld 1500 in plaats van 1.500');
        } else if (!/^[-+]?\d+(?:[.,]\d+)?$/.test(t)) {
          add(path, name + ' moet een getal zijn, niet tekst',
            'schrijf alleen het getal, zonder punt voor duizendtallen');
        }
        return;
      }
      var len = charCount(t);
      if (s.minLength && len < s.minLength) {
        add(path, name + ' is te kort: ' + len + ' tekens, minstens ' + s.minLength,
          'vul de tekst aan tot minstens ' + s.minLength + ' tekens');
      }
      if (s.maxLength && len > s.maxLength) {
        add(path, name + ' is te lang: ' + len + ' tekens, hoogstens ' + s.maxLength,
          isMarkdown(s) ? 'maak de tekst korter' : 'maak de tekst korter of verdeel hem over meer punten');
      }
      if (s.format === 'email' && !EMAIL_RE.test(t)) {
        add(path, name + " '" + t + "' is geen geldig e-mailadres", 'schrijf het adres als naam@organisatie.nl');
      }
      if (s.format === 'weblink' && !WEBLINK_RE.test(t)) {
        add(path, name + " '" + t + "' is geen toegestaan webadres",
          'alleen webadressen die beginnen met https:// of http:// zijn toegestaan');
      }
      if (isMarkdown(s)) {
        markdownProblems(t).forEach(function (p) { add(path, name + ': ' + p[0], p[1]); });
      }
      if (path[0] === 'afbeeldingen' && path[path.length - 1] === 'bestand') {
        if (/^([a-zA-Z][a-zA-Z0-9+.-]*:|\/|\\)/.test(t) || t.indexOf('\\') >= 0) {
          add(path, "'" + t + "' is geen pad binnen het project",
            'geef het pad vanaf de map van dit YAML-bestand, met / als scheiding, zoals img/foto.jpg');
        } else if (!/\.(png|jpe?g|svg)$/i.test(t)) {
          add(path, "afbeelding '" + t + "' is geen PNG-, JPEG- of SVG-bestand",
            'sla de afbeelding op als PNG, JPEG of SVG, met de passende extensie');
        }
      }
    }

    function check(value, s, path, required) {
      if (isObject(s)) {
        if (!required && isEmptyState(value)) return;
        var req = s.required || [];
        Object.keys(s.properties || {}).forEach(function (k) {
          check(value[k], s.properties[k], path.concat([k]), req.indexOf(k) >= 0);
        });
        return;
      }
      if (isArray(s)) {
        var filled = 0;
        (value || []).forEach(function (item, i) {
          if (isEmptyState(item)) return;
          filled++;
          check(item, s.items, path.concat([i]), true);
        });
        var name = fieldName(schema, path);
        if (filled === 0 && required) {
          add(path, name + ' is leeg', null, true);
        } else if (filled && s.minItems && filled < s.minItems) {
          add(path, name + ' bevat ' + filled + ' ' + (filled === 1 ? 'punt' : 'punten')
            + ', minstens ' + s.minItems, 'vul nog een punt in, of voeg er een toe', true);
        } else if (s.maxItems && filled > s.maxItems) {
          add(path, name + ' bevat ' + filled + ' punten, hoogstens ' + s.maxItems,
            'houd het bij de belangrijkste punten', true);
        }
        return;
      }
      checkScalar(value, s, path, required);
    }

    var rootRequired = schema.required || [];
    Object.keys(schema.properties).forEach(function (k) {
      check(state[k], schema.properties[k], [k], rootRequired.indexOf(k) >= 0);
    });

    // Rules the schema cannot express (workbook/rules.py).
    var period = state.looptijd || {};
    var start = cleanText(period.start || '');
    var end = cleanText(period.eind || '');
    if (cleanText(state.status || '') === 'afgerond' && end === '') {
      add(['looptijd', 'eind'], "looptijd.eind ontbreekt; die is verplicht als de status 'afgerond' is",
        'vul het einde in, bijvoorbeeld 2023-06');
    }
    if (periodOk(start) && periodOk(end) && periodBounds(end)[1] < periodBounds(start)[0]) {
      add(['looptijd', 'eind'], 'looptijd.eind (' + end + ') ligt vóór looptijd.start (' + start + ')',
        'controleer beide datums; het einde kan niet vóór het begin liggen');
    }
    var updated = cleanText(state.bijgewerkt || '');
    var now = today || todayText();
    if (dateOk(updated) && updated > now) {
      add(['bijgewerkt'], 'bijgewerkt (' + updated + ') ligt in de toekomst',
        'vul de datum in waarop u het voorbeeld het laatst nakeek, uiterlijk ' + now);
    }
    if (state.contact && !isEmptyState(state.contact) && state.contact.toestemming !== true) {
      add(['contact', 'toestemming'],
        'contactgegevens worden alleen gepubliceerd met toestemming van de contactpersoon',
        "vraag toestemming en vink dan 'Toestemming' aan, of maak de contactvelden leeg");
    }
    return errors;
  }

  var api = {
    parseYaml: parseYaml, dumpYaml: dumpYaml, YamlError: YamlError, needsQuotes: needsQuotes,
    slugify: slugify, emptyState: emptyState, stateFromData: stateFromData,
    dataFromState: dataFromState, validateState: validateState
  };
  if (typeof module !== 'undefined' && module.exports) module.exports = api;
  if (typeof document === 'undefined' || !document.getElementById('schema')) return;

  /* ------------------------------------------------------------------ the page */

  // One saved form per book: file:// pages of different books share one storage.
  var STORAGE_KEY = 'werkboek-insturen:' + document.title;
  var schema = JSON.parse(document.getElementById('schema').textContent);
  var themes = JSON.parse(document.getElementById('themas').textContent);
  var fieldsBox = document.getElementById('velden');
  var form = document.getElementById('formulier');
  var summary = document.getElementById('foutoverzicht');
  var statusBox = document.getElementById('meldingen');
  var resultBox = document.getElementById('resultaat');
  var baseTitle = document.title;
  var state = emptyState(schema);
  var downloadUrl = null;

  // Section headings: they start before the named field. Fields not listed simply follow.
  var SECTIONS = {
    titel: 'Over de aanpak',
    samenvatting: 'Inhoud',
    resultaten: 'Resultaten en lessen',
    financiering: 'Meer informatie',
    volgorde: 'Voor de redactie'
  };
  var TEXTAREA_ROWS = { samenvatting: 4 };

  function h(tag, attrs) {
    var el = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      var v = attrs[k];
      if (v === null || v === undefined || v === false) return;
      if (k === 'text') el.textContent = v;
      else if (k === 'className') el.className = v;
      else el.setAttribute(k, v === true ? '' : v);
    });
    for (var i = 2; i < arguments.length; i++) {
      var child = arguments[i];
      if (child === null || child === undefined) continue;
      el.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
    }
    return el;
  }

  function idFor(path) {
    return 'veld-' + path.join('-');
  }

  function getAt(path) {
    var v = state;
    path.forEach(function (p) { v = v[p]; });
    return v;
  }

  function setAt(path, value) {
    var v = state;
    for (var i = 0; i < path.length - 1; i++) v = v[path[i]];
    v[path[path.length - 1]] = value;
  }

  function schemaAt(path) {
    var s = schema;
    path.forEach(function (p) { s = typeof p === 'number' ? s.items : s.properties[p]; });
    return s;
  }

  function save() {
    try {
      window.localStorage.setItem(STORAGE_KEY, JSON.stringify(state));
    } catch (e) { /* storage full or disabled: the form still works */ }
  }

  function announce(text) {
    statusBox.textContent = '';
    window.setTimeout(function () { statusBox.textContent = text; }, 50);
  }

  function optionLabel(value) {
    return capitalise(String(value).replace(/-/g, ' '));
  }

  /** The schema's description, with YAML wording ('zet toestemming: true') said as a form would. */
  function helpText(s) {
    var d = s.description || '';
    return d.replace(/^true als /, 'Vink aan als ')
      .replace(/zet dan (\w+): true/, function (m, key) { return 'vink dan ' + capitalise(key) + ' aan'; });
  }

  function exampleText(s, path) {
    if (path && path.length === 1 && path[0] === 'thema') return '';  // chosen from the themes
    if (path && path.some(function (p) { return typeof p === 'number' && p > 0; })) return '';
    if (!s.examples || !s.examples.length || s.enum || isMarkdown(s)) return '';
    var ex = s.examples[0];
    if (typeof ex !== 'string' && typeof ex !== 'number') return '';
    ex = String(ex);
    return ex.length <= 40 ? 'Bijvoorbeeld: ' + ex : '';
  }

  function labelText(s, required, fallback) {
    var label = h('span', { text: s.title || fallback });
    var frag = document.createDocumentFragment();
    frag.appendChild(label);
    if (required) frag.appendChild(h('span', { className: 'verplicht', text: ' (verplicht)' }));
    return frag;
  }

  function describedBy(el, ids) {
    var list = ids.filter(Boolean);
    if (list.length) el.setAttribute('aria-describedby', list.join(' '));
    else el.removeAttribute('aria-describedby');
    el.dataset.describedby = list.join(' ');
  }

  function hintBlock(s, id, path) {
    var help = helpText(s);
    var ex = exampleText(s, path);
    if (!help && !ex) return null;
    var p = h('div', { className: 'hint', id: id });
    if (help) p.appendChild(h('span', { text: help }));
    if (ex) p.appendChild(h('span', { className: 'hint__voorbeeld', text: (help ? ' ' : '') + ex }));
    return p;
  }

  // Short references that stay on one line however long they may be.
  var ONE_LINE = ['titel', 'bestand', 'bron'];

  function useTextarea(s, path) {
    if (isMarkdown(s)) return true;
    var key = path[path.length - 1];
    return (s.maxLength || 0) >= 300 && ONE_LINE.indexOf(key) < 0;
  }

  function widthClass(s) {
    if (s.format === 'date' || s.format === 'periode') return 'invoer--datum';
    if (s.format === 'jaar' || typesOf(s).indexOf('integer') >= 0 || typesOf(s).indexOf('number') >= 0) {
      return 'invoer--getal';
    }
    return '';
  }

  /** A scalar field: text input, textarea, select, radios or checkbox. */
  function renderScalar(path, s, required, labelOverride) {
    var id = idFor(path);
    var hintId = id + '-hint';
    var value = getAt(path);
    var title = labelOverride || s.title || String(path[path.length - 1]);
    var short = widthClass(s) !== '' || s.maxLength && s.maxLength <= 60;
    var box = h('div', { className: short ? 'veld veld--kort' : 'veld', 'data-veld': id });
    var choices = null;
    if (path.length === 1 && path[0] === 'thema' && themes.length) {
      choices = themes.map(function (t) { return { value: t.id, label: t.titel }; });
    } else if (s.enum) {
      choices = s.enum.map(function (v) { return { value: v, label: optionLabel(v) }; });
    }

    if (isBoolean(s)) {
      box.className = 'veld veld--vink';
      var box2 = h('input', { type: 'checkbox', id: id, className: 'vink' });
      box2.checked = value === true;
      box2.addEventListener('change', function () { setAt(path, box2.checked); save(); });
      var hint = hintBlock(s, hintId, path);
      describedBy(box2, [hint ? hintId : null]);
      box.appendChild(box2);
      box.appendChild(h('label', { for: id, className: 'vink__label' }, labelText({ title: title }, required)));
      if (hint) box.appendChild(hint);
      return box;
    }

    if (choices && choices.length <= 5) {
      var fs = h('fieldset', { className: 'veld veld--keuze', id: id + '-groep', 'data-veld': id });
      fs.appendChild(h('legend', { className: 'veld__label' }, labelText({ title: title }, required)));
      var hintR = hintBlock(s, hintId, path);
      if (hintR) fs.appendChild(hintR);
      describedBy(fs, [hintR ? hintId : null]);
      var group = h('div', { className: 'keuzes' });
      choices.forEach(function (c, i) {
        var rid = id + '-' + c.value;
        var radio = h('input', {
          type: 'radio', id: rid, name: id, value: c.value, className: 'keuze__rondje', required: required
        });
        radio.checked = value === c.value;
        radio.addEventListener('change', function () { if (radio.checked) { setAt(path, c.value); save(); } });
        group.appendChild(h('div', { className: 'keuze' }, radio,
          h('label', { for: rid, className: 'keuze__label', text: c.label })));
      });
      fs.appendChild(group);
      return fs;
    }

    box.appendChild(h('label', { for: id, className: 'veld__label' }, labelText({ title: title }, required)));
    var hintBox = hintBlock(s, hintId, path);
    if (hintBox) box.appendChild(hintBox);
    var control;
    if (choices) {
      control = h('select', { id: id, className: 'invoer invoer--keuze' });
      control.appendChild(h('option', { value: '', text: '– kies –' }));
      choices.forEach(function (c) {
        control.appendChild(h('option', { value: c.value, text: c.label }));
      });
      if (value && s.enum.indexOf(value) < 0) {
        control.appendChild(h('option', { value: value, text: value + ' (ongeldig)' }));
      }
      control.value = value || '';
      control.addEventListener('change', function () { setAt(path, control.value); save(); });
    } else {
      if (useTextarea(s, path)) {
        var rows = TEXTAREA_ROWS[path[path.length - 1]] || (isMarkdown(s) ? 8 : s.maxLength >= 500 ? 3 : 2);
        control = h('textarea', { id: id, rows: rows, className: 'invoer invoer--tekstvak' });
      } else {
        var numeric = typesOf(s).indexOf('number') >= 0 || typesOf(s).indexOf('integer') >= 0;
        control = h('input', {
          type: s.format === 'email' ? 'email' : s.format === 'weblink' ? 'url' : 'text',
          id: id,
          className: ('invoer ' + widthClass(s)).trim(),
          inputmode: numeric && !s.format ? (typesOf(s).indexOf('number') >= 0 ? 'decimal' : 'numeric')
            : s.format === 'jaar' ? 'numeric' : null,
          autocomplete: s.format === 'email' ? 'email' : 'off',
          spellcheck: s.format || numeric ? 'false' : null
        });
      }
      control.value = value || '';
      var counter = null;
      if (s.maxLength && (s.minLength > 1 || useTextarea(s, path) && !isMarkdown(s))) {
        counter = h('div', { className: 'teller', id: id + '-teller' });
      }
      var update = function () {
        if (!counter) return;
        var n = charCount(cleanText(control.value));
        var limits = s.minLength > 1 ? 'tussen ' + s.minLength + ' en ' + s.maxLength : 'hoogstens ' + s.maxLength;
        counter.textContent = n + (n === 1 ? ' teken' : ' tekens') + ' (' + limits + ')';
        counter.classList.toggle('teller--fout', n > s.maxLength || n > 0 && n < (s.minLength || 0));
      };
      control.addEventListener('input', function () {
        setAt(path, control.value);
        save();
        update();
        if (control.tagName === 'TEXTAREA') autoGrow(control);
      });
      update();
      if (counter) {
        box.appendChild(control);
        box.appendChild(counter);
        describedBy(control, [hintBox ? hintId : null, counter.id]);
        if (required) control.setAttribute('aria-required', 'true');
        return box;
      }
    }
    if (required) control.setAttribute('aria-required', 'true');
    describedBy(control, [hintBox ? hintId : null]);
    box.appendChild(control);
    return box;
  }

  function renderObject(path, s, required) {
    var id = idFor(path);
    var fs = h('fieldset', { className: 'veld veld--groep', id: id + '-groep', 'data-veld': id });
    fs.appendChild(h('legend', { className: 'veld__label' }, labelText(s, required)));
    var hint = hintBlock(s, id + '-hint');
    if (hint) {
      fs.appendChild(hint);
      describedBy(fs, [id + '-hint']);
    }
    var req = s.required || [];
    var inner = h('div', { className: 'groep__velden' });
    Object.keys(s.properties).forEach(function (k) {
      var sub = s.properties[k];
      var subRequired = required && req.indexOf(k) >= 0;
      inner.appendChild(renderScalar(path.concat([k]), sub, subRequired));
    });
    fs.appendChild(inner);
    return fs;
  }

  function itemButtons(path, index, count, itemTitle, minimum) {
    var bar = h('div', { className: 'item__knoppen' });
    var which = itemTitle.toLowerCase() + ' ' + (index + 1);
    function button(text, action, cls) {
      var b = h('button', { type: 'button', className: 'knop knop--klein ' + (cls || ''), 'data-actie': action },
        text, h('span', { className: 'visueel-verborgen', text: ' ' + which }));
      b.addEventListener('click', function () { changeList(path, index, action); });
      return b;
    }
    if (index > 0) bar.appendChild(button('Omhoog', 'omhoog'));
    if (index < count - 1) bar.appendChild(button('Omlaag', 'omlaag'));
    if (count > minimum) bar.appendChild(button('Verwijder', 'verwijder', 'knop--verwijder'));
    return bar;
  }

  function renderListItems(path, s, list) {
    list.textContent = '';
    var items = getAt(path);
    var itemSchema = s.items;
    var itemTitle = itemSchema.title || 'Punt';
    items.forEach(function (item, i) {
      var itemPath = path.concat([i]);
      var li = h('li', { className: isObject(itemSchema) ? 'item item--groep' : 'item', 'data-index': String(i) });
      if (isObject(itemSchema)) {
        var fs = h('fieldset', { className: 'item__groep', id: idFor(itemPath) + '-groep' });
        fs.appendChild(h('legend', { className: 'item__titel', text: itemTitle + ' ' + (i + 1) }));
        var req = itemSchema.required || [];
        Object.keys(itemSchema.properties).forEach(function (k) {
          fs.appendChild(renderScalar(itemPath.concat([k]), itemSchema.properties[k], req.indexOf(k) >= 0));
        });
        fs.appendChild(itemButtons(path, i, items.length, itemTitle, s.minItems || 0));
        li.appendChild(fs);
      } else {
        var field = renderScalar(itemPath, itemSchema, false, itemTitle + ' ' + (i + 1));
        field.classList.add('veld--item');
        li.appendChild(field);
        li.appendChild(itemButtons(path, i, items.length, itemTitle, s.minItems || 0));
      }
      list.appendChild(li);
    });
  }

  function renderArray(path, s, required) {
    var id = idFor(path);
    var fs = h('fieldset', { className: 'veld veld--lijst', id: id + '-groep', 'data-veld': id });
    fs.appendChild(h('legend', { className: 'veld__label' }, labelText(s, required)));
    var hintParts = [helpText(s)];
    if (s.minItems > 1) hintParts.push('Vul er minstens ' + s.minItems + ' in.');
    var hint = h('div', { className: 'hint', id: id + '-hint', text: hintParts.join(' ') });
    fs.appendChild(hint);
    describedBy(fs, [id + '-hint']);
    if (path[0] === 'afbeeldingen') {
      fs.appendChild(h('p', { className: 'hint hint--let-op', text: 'Stuur elk afbeeldingsbestand mee met het '
        + 'YAML-bestand. Zet bij Bestand de naam zoals die naast het YAML-bestand komt te staan, '
        + 'bijvoorbeeld img/foto.jpg.' }));
    }
    var list = h('ol', { className: 'lijst', id: id });
    fs.appendChild(list);
    renderListItems(path, s, list);
    var itemTitle = s.items.title || 'Punt';
    var add = h('button', { type: 'button', className: 'knop knop--tweede', id: id + '-toevoegen' },
      itemTitle + ' toevoegen');
    add.addEventListener('click', function () { changeList(path, getAt(path).length, 'toevoegen'); });
    fs.appendChild(add);
    return fs;
  }

  /** Textareas grow with their text (never below the rows they were given). */
  function autoGrow(area) {
    if (!area.offsetParent) return;  // not laid out (hidden)
    area.style.height = '';
    var border = area.offsetHeight - area.clientHeight;
    if (area.scrollHeight > area.clientHeight) area.style.height = (area.scrollHeight + border) + 'px';
  }

  function growAll(container) {
    Array.prototype.forEach.call(container.querySelectorAll('textarea.invoer'), autoGrow);
  }

  function firstControl(container) {
    return container.querySelector('input, select, textarea');
  }

  function changeList(path, index, action) {
    var items = getAt(path);
    var s = schemaAt(path);
    var itemTitle = s.items.title || 'Punt';
    var target = index;
    var focusAction = null;
    if (action === 'toevoegen') {
      items.push(emptyState(s.items));
      target = items.length - 1;
    } else if (action === 'verwijder') {
      items.splice(index, 1);
      target = Math.min(index, items.length - 1);
    } else if (action === 'omhoog' && index > 0) {
      items.splice(index - 1, 0, items.splice(index, 1)[0]);
      target = index - 1;
      focusAction = target > 0 ? 'omhoog' : 'omlaag';
    } else if (action === 'omlaag' && index < items.length - 1) {
      items.splice(index + 1, 0, items.splice(index, 1)[0]);
      target = index + 1;
      focusAction = target < items.length - 1 ? 'omlaag' : 'omhoog';
    }
    save();
    var list = document.getElementById(idFor(path));
    renderListItems(path, s, list);
    growAll(list);
    var li = list.children[target];
    if (action === 'toevoegen') {
      firstControl(li).focus();
      announce(itemTitle + ' ' + (target + 1) + ' toegevoegd.');
    } else if (action === 'verwijder') {
      if (li) firstControl(li).focus();
      else document.getElementById(idFor(path) + '-toevoegen').focus();
      announce(itemTitle + ' ' + (index + 1) + ' verwijderd.');
    } else if (li) {
      var b = li.querySelector('[data-actie="' + focusAction + '"]') || firstControl(li);
      b.focus();
      announce(itemTitle + ' verplaatst naar plek ' + (target + 1) + '.');
    }
  }

  function renderAll() {
    fieldsBox.textContent = '';
    var req = schema.required || [];
    var section = null;
    Object.keys(schema.properties).forEach(function (k) {
      if (SECTIONS[k] || !section) {
        section = h('section', { className: 'deel' });
        if (SECTIONS[k]) section.appendChild(h('h2', { className: 'deel__kop', text: SECTIONS[k] }));
        fieldsBox.appendChild(section);
      }
      var s = schema.properties[k];
      var required = req.indexOf(k) >= 0;
      var path = [k];
      if (isObject(s)) section.appendChild(renderObject(path, s, required));
      else if (isArray(s)) section.appendChild(renderArray(path, s, required));
      else section.appendChild(renderScalar(path, s, required));
    });
    growAll(fieldsBox);
  }

  /* -------- errors */

  function clearErrors() {
    Array.prototype.forEach.call(document.querySelectorAll('.foutmelding'), function (el) { el.remove(); });
    Array.prototype.forEach.call(document.querySelectorAll('.veld--fout'), function (el) {
      el.classList.remove('veld--fout');
    });
    Array.prototype.forEach.call(document.querySelectorAll('[aria-invalid]'), function (el) {
      el.removeAttribute('aria-invalid');
      describedBy(el, (el.dataset.describedby || '').split(' ').filter(function (x) {
        return x && !/-fout$/.test(x);
      }));
    });
    summary.hidden = true;
    summary.textContent = '';
    document.title = baseTitle;
  }

  /** The control a message links to, and the box its inline message goes in. */
  function errorTarget(err) {
    var id = idFor(err.path);
    if (err.list) {
      var list = document.getElementById(id);
      var box = document.getElementById(id + '-groep');
      var empty = Array.prototype.filter.call(list.querySelectorAll('input, textarea, select'), function (c) {
        return c.type !== 'checkbox' && c.value.trim() === '';
      })[0];
      return { control: empty || firstControl(list) || document.getElementById(id + '-toevoegen'), box: box };
    }
    var group = document.getElementById(id + '-groep');
    if (group && group.classList.contains('veld--keuze')) {
      return { control: group.querySelector('input:checked') || group.querySelector('input'), box: group };
    }
    var control = document.getElementById(id);
    return { control: control, box: control.closest('.veld') };
  }

  function showErrors(errors) {
    clearErrors();
    var placed = errors.map(function (err) {
      var t = errorTarget(err);
      return { err: err, control: t.control, box: t.box };
    });
    placed.sort(function (a, b) {
      if (a.control === b.control) return 0;
      return a.control.compareDocumentPosition(b.control) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1;
    });
    var counter = 0;
    placed.forEach(function (p) {
      var msgId = (p.box.id || p.control.id) + '-fout-' + (++counter);
      var msg = h('p', { className: 'foutmelding', id: msgId },
        h('span', { className: 'visueel-verborgen', text: 'Fout: ' }), p.err.message);
      if (p.err.hint) msg.appendChild(h('span', { className: 'foutmelding__hint', text: capitalise(p.err.hint) + '.' }));
      var anchor = p.box.querySelector(':scope > .hint, :scope > .hint--let-op, :scope > legend, :scope > label');
      var after = p.box.querySelector(':scope > .hint') || anchor;
      if (p.box.classList.contains('veld--vink')) p.box.insertBefore(msg, p.box.firstChild);
      else if (after) after.insertAdjacentElement('afterend', msg);
      else p.box.insertBefore(msg, p.box.firstChild);
      p.box.classList.add('veld--fout');
      var described = p.box.matches('fieldset') ? p.box : p.control;
      if (p.control && p.control.matches('input, select, textarea') && !p.err.list) {
        p.control.setAttribute('aria-invalid', 'true');
        described = p.control;
      }
      var ids = (described.dataset.describedby || '').split(' ').filter(Boolean);
      ids.push(msgId);
      describedBy(described, ids);
      if (described !== p.box && p.box.matches('fieldset')) {
        var fsIds = (p.box.dataset.describedby || '').split(' ').filter(Boolean);
        fsIds.push(msgId);
        describedBy(p.box, fsIds);
      }
    });
    summary.textContent = '';
    summary.appendChild(h('h2', { className: 'foutoverzicht__kop', id: 'foutoverzicht-kop',
      text: 'Controleer de volgende velden' }));
    summary.appendChild(h('p', { text: placed.length === 1 ? 'Er is 1 probleem gevonden. Het bestand is nog niet gemaakt.'
      : 'Er zijn ' + placed.length + ' problemen gevonden. Het bestand is nog niet gemaakt.' }));
    var ul = h('ul', { className: 'foutoverzicht__lijst' });
    placed.forEach(function (p) {
      var a = h('a', { href: '#' + p.control.id, text: p.err.message });
      a.addEventListener('click', function (ev) {
        ev.preventDefault();
        var label = p.box.querySelector('legend, label') || p.control;
        p.control.focus({ preventScroll: true });
        label.scrollIntoView({ block: 'start' });
      });
      ul.appendChild(h('li', null, a));
    });
    summary.appendChild(ul);
    summary.setAttribute('aria-labelledby', 'foutoverzicht-kop');
    summary.hidden = false;
    document.title = 'Fout: ' + baseTitle;
    summary.focus();
    summary.scrollIntoView({ block: 'start' });
  }

  function showProblem(heading, text) {
    clearErrors();
    summary.textContent = '';
    summary.appendChild(h('h2', { className: 'foutoverzicht__kop', id: 'foutoverzicht-kop', text: heading }));
    summary.appendChild(h('p', { className: 'foutoverzicht__tekst', text: text }));
    summary.setAttribute('aria-labelledby', 'foutoverzicht-kop');
    summary.hidden = false;
    summary.focus();
    summary.scrollIntoView({ block: 'start' });
  }

  /* -------- result */

  function showResult() {
    var data = dataFromState(state, schema) || {};
    var text = dumpYaml(data, schema);
    var name = slugify(data.titel || '') + '.yaml';
    if (downloadUrl) URL.revokeObjectURL(downloadUrl);
    downloadUrl = URL.createObjectURL(new Blob([text], { type: 'application/yaml;charset=utf-8' }));
    var link = document.getElementById('download');
    link.href = downloadUrl;
    link.setAttribute('download', name);
    link.textContent = 'Download ' + name;
    document.getElementById('yaml-uitvoer').value = text;
    document.getElementById('kopieer-status').textContent = '';
    var where = document.getElementById('resultaat-plek');
    where.textContent = '';
    where.appendChild(document.createTextNode('In het werkboek komt het bestand in de map '));
    where.appendChild(h('code', { text: 'examples/' + (data.thema || '…') + '/' }));
    where.appendChild(document.createTextNode(' te staan, als '));
    where.appendChild(h('code', { text: name }));
    where.appendChild(document.createTextNode('.'));
    var images = document.getElementById('resultaat-afbeeldingen');
    images.textContent = '';
    var files = (data.afbeeldingen || []).map(function (a) { return a.bestand; });
    images.hidden = !files.length;
    if (files.length) {
      images.appendChild(h('p', { text: 'Stuur ook deze afbeeldingen mee, met precies deze naam en map '
        + '(vanaf de map van het YAML-bestand):' }));
      var ul = h('ul');
      files.forEach(function (f) { ul.appendChild(h('li', null, h('code', { text: f }))); });
      images.appendChild(ul);
    }
    resultBox.hidden = false;
    var heading = document.getElementById('resultaat-kop');
    heading.focus();
    heading.scrollIntoView({ block: 'start' });
  }

  function hideResult() {
    resultBox.hidden = true;
  }

  form.addEventListener('submit', function (ev) {
    ev.preventDefault();
    var errors = validateState(state, schema, themes);
    if (errors.length) {
      hideResult();
      showErrors(errors);
      return;
    }
    clearErrors();
    showResult();
  });

  form.addEventListener('input', hideResult);
  form.addEventListener('change', hideResult);

  document.getElementById('kopieer').addEventListener('click', function () {
    var area = document.getElementById('yaml-uitvoer');
    var status = document.getElementById('kopieer-status');
    function done() { status.textContent = 'De tekst staat op het klembord.'; }
    function fallback() {
      area.focus();
      area.select();
      var ok = false;
      try { ok = document.execCommand('copy'); } catch (e) { ok = false; }
      status.textContent = ok ? 'De tekst staat op het klembord.'
        : 'Kopiëren lukte niet; de tekst is geselecteerd, kopieer die met Ctrl+C (of Cmd+C).';
    }
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(area.value).then(done, fallback);
    } else fallback();
  });

  document.getElementById('leegmaken').addEventListener('click', function () {
    if (!window.confirm('Weet u zeker dat u alle velden wilt leegmaken? Wat u hebt ingevuld, gaat verloren.')) return;
    state = emptyState(schema);
    try { window.localStorage.removeItem(STORAGE_KEY); } catch (e) { /* nothing saved */ }
    clearErrors();
    hideResult();
    renderAll();
    firstControl(fieldsBox).focus();
    announce('Het formulier is leeggemaakt.');
  });

  var fileInput = document.getElementById('laad-bestand');
  fileInput.addEventListener('change', function () {
    var file = fileInput.files && fileInput.files[0];
    if (!file) return;
    var reader = new FileReader();
    reader.onerror = function () {
      showProblem('Er is iets misgegaan', 'Het bestand ' + file.name + ' kon niet worden gelezen.');
    };
    reader.onload = function () {
      var data;
      try {
        data = parseYaml(String(reader.result));
      } catch (e) {
        if (!(e instanceof YamlError)) throw e;
        showProblem('Er is iets misgegaan', 'Het bestand ' + file.name + ' kon niet worden gelezen. Regel '
          + e.line + ': ' + e.message + '. Het formulier is niet veranderd.');
        return;
      }
      if (!isPlainObject(data)) {
        showProblem('Er is iets misgegaan', 'Het bestand ' + file.name + ' bevat geen praktijkvoorbeeld: '
          + "het moet velden bevatten, zoals 'titel: …'. Het formulier is niet veranderd.");
        return;
      }
      var ignored = [];
      state = stateFromData(data, schema, [], ignored);
      save();
      clearErrors();
      hideResult();
      renderAll();
      announce('Bestand ' + file.name + ' is geladen.' + (ignored.length
        ? ' Deze onderdelen kent het formulier niet en zijn niet overgenomen: ' + ignored.join(', ') + '.' : ''));
      fileInput.value = '';
    };
    reader.readAsText(file, 'utf-8');
  });

  // Restore what was typed before (autosave).
  var restored = false;
  try {
    var saved = window.localStorage.getItem(STORAGE_KEY);
    if (saved) {
      state = stateFromData(JSON.parse(saved), schema, [], []);
      restored = !isEmptyState(state);
    }
  } catch (e) {
    state = emptyState(schema);
  }
  renderAll();
  if (document.fonts && document.fonts.ready) {
    document.fonts.ready.then(function () { growAll(fieldsBox); });
  }
  document.documentElement.classList.add('js');
  if (restored) announce('Wat u eerder invulde, is teruggezet. Het wordt in deze browser bewaard.');
})();
