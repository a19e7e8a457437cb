/* Insturen: a contributor form that turns into a praktijkvoorbeeld YAML file.
 *
 * Everything is generated from the JSON Schema embedded in the page (<script id="schema">),
 * the single source of truth for fields, labels (title), help (description) and limits. The
 * Markdown rules and their messages are those of `workbook check`, embedded by form.py from
 * workbook/base/markdown.py (<script id="markdown">). YAML is read and written by js-yaml,
 * Markdown parsed by markdown-it: both vendored in assets/vendor/ and loaded before this file
 * with plain <script> tags. No network: the file is built in the browser and offered as a
 * download.
 *
 * The pure parts are exported for tests when this file is loaded outside a browser
 * (module.exports; set the globals `jsyaml` and `markdownit` first).
 */
(function () {
  'use strict';

  const { jsyaml, markdownit } = globalThis;

  /* ------------------------------------------------------------------ YAML */

  class YamlError extends Error {
    constructor(line, message) {
      super(message);
      this.name = 'YamlError';
      this.line = line;  // 1-based, or null when the problem has no single place
    }
  }

  /** A plain scalar that PyYAML reads as a date or timestamp, kept as its text. */
  class YamlDate {
    constructor(text) { this.text = text; }
    toString() { return this.text; }
  }

  // PyYAML's YAML 1.1 resolvers (yaml/resolver.py), which `workbook check` uses: reading gives
  // the values the command line sees, and writing quotes every text it would read as something
  // else ("yes", "1234", "2021-03-01", "1:30").
  const RESOLVE = {
    null: /^(?:~|null|Null|NULL|)$/,
    bool: /^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/,
    int: /^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$/,
    float: /^(?:[-+]?[0-9][0-9_]*\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/,
    timestamp: /^(?:[0-9]{4}-[0-9]{2}-[0-9]{2}|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?)$/,
    // Text for PyYAML, but a number or a merge key for YAML 1.2 readers: written quoted too.
    text: /^(?:[-+]?0o[0-7_]+|[-+]?[0-9][0-9_]*(?:\.[0-9_]*)?[eE][-+]?[0-9]+|<<|=)$/
  };

  function signed(text, read) {
    const v = text.replace(/_/g, '');
    const sign = v[0] === '-' ? -1 : 1;
    return sign * read(/^[-+]/.test(v) ? v.slice(1) : v);
  }

  const sexagesimal = (v, read) => v.split(':').reduce((sum, part) => sum * 60 + read(part), 0);

  /** An int as PyYAML constructs it: 0b, 0x, leading-0 octal, 1:30 (= 90), underscores. */
  function readInt(text) {
    const n = signed(text, (v) => v.startsWith('0b') ? parseInt(v.slice(2), 2)
      : v.startsWith('0x') ? parseInt(v.slice(2), 16) : v.includes(':') ? sexagesimal(v, Number)
        : v !== '0' && v[0] === '0' ? parseInt(v, 8) : Number(v));
    return Number.isNaN(n) ? text : n;  // '0b_': text, as for `workbook check`
  }

  function readFloat(text) {
    if (/nan$/i.test(text)) return text;  // `workbook check` keeps .nan as text
    return signed(text.toLowerCase(), (v) => v === '.inf' ? Infinity
      : v.includes(':') ? sexagesimal(v, parseFloat) : parseFloat(v));
  }

  /** A number as YAML 1.1 reads it back: 1e-07 has no dot, so it would be text. */
  function writeNumber(n) {
    if (!Number.isFinite(n)) return Number.isNaN(n) ? '.nan' : n > 0 ? '.inf' : '-.inf';
    const s = String(n);
    return s.includes('e') && !s.includes('.') ? s.replace('e', '.0e') : s;
  }

  const scalarType = (tag, options) => new jsyaml.Type(tag, Object.assign({ kind: 'scalar' }, options));
  const test = (re) => (s) => typeof s === 'string' && re.test(s);
  const YAML11 = jsyaml.FAILSAFE_SCHEMA.extend({ implicit: [
    scalarType('tag:yaml.org,2002:null', {
      resolve: (s) => s === null || test(RESOLVE.null)(s), construct: () => null,
      predicate: (v) => v === null, represent: () => 'null'
    }),
    scalarType('tag:yaml.org,2002:bool', {
      resolve: test(RESOLVE.bool), construct: (s) => /^(?:yes|true|on)$/i.test(s),
      predicate: (v) => typeof v === 'boolean', represent: String
    }),
    scalarType('tag:yaml.org,2002:int', {
      resolve: test(RESOLVE.int), construct: readInt, predicate: Number.isInteger, represent: writeNumber
    }),
    scalarType('tag:yaml.org,2002:float', {
      resolve: test(RESOLVE.float), construct: readFloat,
      predicate: (v) => typeof v === 'number', represent: writeNumber
    }),
    scalarType('tag:yaml.org,2002:timestamp', {
      resolve: test(RESOLVE.timestamp), construct: (s) => new YamlDate(s),
      instanceOf: YamlDate, represent: (d) => d.text
    }),
    scalarType('tag:werkboek:lookalike', { resolve: test(RESOLVE.text) })
  ] });
  const IMPLICIT_TAGS = YAML11.compiledImplicit.map((t) => t.tag);

  // js-yaml's reasons, said as `workbook check` says them (workbook/load/source.py).
  const YAML_PROBLEMS = [
    [/mapping entry|implicit key|colon is missed|key-value separator/, 'het inspringen klopt niet, '
      + 'of er staat een dubbele punt op een onverwachte plek; staat er een dubbele punt in de tekst, '
      + 'zet dan de hele tekst tussen aanhalingstekens'],
    [/sequence entry|document separator|mapping pair|block scalar/,
      'het inspringen klopt niet; zorg dat velden van dezelfde groep precies even ver inspringen'],
    [/escape sequence|hexadecimal/,
      'onbekende code na \\ tussen dubbele aanhalingstekens; schrijf een backslash als \\\\'],
    [/quoted scalar/, 'een aanhalingsteken is niet gesloten; zet aan het eind van de tekst '
      + 'hetzelfde aanhalingsteken als aan het begin'],
    [/flow collection|comma/, 'een lijst tussen [ ] of een groep tussen { } is niet goed gesloten'],
    [/tab/, 'YAML kent geen tabs: spring in met spaties'],
    [/duplicated/, 'een veld staat twee keer in dezelfde groep'],
    [/single document/, "het bestand bevat meer dan één YAML-document ('---'); "
      + 'zet elk praktijkvoorbeeld in een eigen bestand'],
    [/tag/, 'YAML-tags (!) zijn niet toegestaan; zet tekst zo nodig tussen aanhalingstekens'],
    [/alias|anchor/, 'ankers en verwijzingen (&, *) zijn niet toegestaan; schrijf de tekst voluit'],
    [/printable|null byte/, 'het bestand bevat een teken dat niet is toegestaan']
  ];

  function dutchReason(reason) {
    const known = YAML_PROBLEMS.find(([re]) => re.test(reason));
    return known ? known[1] : 'de YAML-opbouw klopt niet (technisch: ' + reason + ')';
  }

  /** Anchors and tags are refused, as by `workbook check` (aliases then cannot resolve). */
  function refuseExtras(event, state) {
    if (event !== 'close') return;
    if (state.anchor !== null) throw new YamlError(state.line + 1, dutchReason('anchor'));
    if (state.tag !== null && state.tag !== '?' && !IMPLICIT_TAGS.includes(state.tag)) {
      throw new YamlError(state.line + 1, dutchReason('tag'));
    }
  }

  /** The data of a YAML text as `workbook check` reads it; YamlError(line, Dutch message). */
  function loadYaml(text) {
    try {
      return jsyaml.load(String(text), { schema: YAML11, listener: refuseExtras });
    } catch (e) {
      if (!(e instanceof jsyaml.YAMLException)) throw e;
      throw new YamlError(e.mark ? e.mark.line + 1 : null, dutchReason(e.reason));
    }
  }

  /** The YAML text of `data` (keys in their order): multi-line text as | blocks. */
  function dumpYaml(data) {
    return jsyaml.dump(data, { schema: YAML11, lineWidth: -1, noRefs: true, quotingType: '"' });
  }

  /* ------------------------------------------------------------------ Markdown */

  let markdownParser = null;

  /**
   * The problems `workbook check` finds in Markdown (workbook/base/markdown.py `problems`), as
   * {code, message, hint}: the same parser and token walk, with the rules embedded from there.
   */
  function markdownProblems(text, rules) {
    if (!markdownParser) {
      markdownParser = markdownit('commonmark', { html: true }).enable('table');
      markdownParser.validateLink = () => true;  // report unsafe links, don't hide them
    }
    const found = [];
    const add = (code, href) => found.push({
      code,
      message: rules.problems[code].message.replace('{href}', () => href),
      hint: rules.problems[code].hint
    });
    const safe = (href) => rules.schemes.some((s) => href.trim().toLowerCase().startsWith(s));
    markdownParser.parse(text, {}).forEach((token) => {
      if (token.type === 'html_block') add('markdown-html');
      if (token.type === 'heading_open') add('markdown-heading');
      if (token.type !== 'inline') return;
      (token.children || []).forEach((child) => {
        const href = child.type === 'link_open' ? String(child.attrGet('href') || '') : '';
        if (child.type === 'html_inline') add('markdown-html');
        else if (child.type === 'image') add('markdown-image');
        else if (child.type === 'link_open' && !safe(href)) add('unsafe-link', href);
      });
    });
    return found;
  }

  function slugify(text) {
    const plain = String(text).normalize('NFKD').replace(/[^\x00-\x7f]/g, '').toLowerCase();
    return plain.replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'praktijkvoorbeeld';
  }

  /* ------------------------------------------------------------------ form state */

  const typesOf = (s) => Array.isArray(s.type) ? s.type : [s.type];
  const hasType = (s, type) => typesOf(s).includes(type);
  const isObject = (s) => hasType(s, 'object');
  const isArray = (s) => hasType(s, 'array');
  const isBoolean = (s) => hasType(s, 'boolean');
  const isMarkdown = (s) => !!s && s.contentMediaType === 'text/markdown';
  const isPlainObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof YamlDate);
  const has = (obj, key) => Object.prototype.hasOwnProperty.call(obj, key);
  const initialCount = (s) => isObject(s.items) ? (s.minItems || 0) : Math.max(s.minItems || 0, 1);

  /** The form's value for an empty field: '' for text, false, {} of empties, [] of empties. */
  function emptyState(schema) {
    if (isObject(schema)) {
      return Object.fromEntries(Object.entries(schema.properties || {}).map(([k, s]) => [k, emptyState(s)]));
    }
    if (isArray(schema)) return Array.from({ length: initialCount(schema) }, () => emptyState(schema.items));
    return isBoolean(schema) ? false : '';
  }

  /** 'partners[2].soort', as `workbook check` names a field. */
  const pathText = (path) => path.reduce((out, p) =>
    out + (typeof p === 'number' ? '[' + (p + 1) + ']' : (out ? '.' : '') + p), '');

  /**
   * Form state from loaded YAML (or a saved state): every field present, text as strings.
   * Keys the schema does not know, and values of the wrong shape, are listed in `ignored`.
   */
  function stateFromData(value, schema, path, ignored) {
    if (isObject(schema)) {
      const o = emptyState(schema);
      if (value === null || value === undefined) return o;
      if (!isPlainObject(value)) { ignored.push(pathText(path)); return o; }
      Object.keys(value).forEach((k) => {
        if (!schema.properties || !has(schema.properties, k)) ignored.push(pathText(path.concat([k])));
        else o[k] = stateFromData(value[k], schema.properties[k], path.concat([k]), ignored);
      });
      return o;
    }
    if (isArray(schema)) {
      if (value === null || value === undefined) return emptyState(schema);
      const list = (Array.isArray(value) ? value : [value])
        .map((item, i) => stateFromData(item, schema.items, path.concat([i]), ignored));
      while (list.length < initialCount(schema)) list.push(emptyState(schema.items));
      return list;
    }
    if (isBoolean(schema)) return value === true;
    if (value === null || value === undefined) return '';
    if (typeof value === 'object' && !(value instanceof YamlDate)) { ignored.push(pathText(path)); return ''; }
    return String(value);
  }

  const cleanText = (v) => String(v).replace(/\r\n?/g, '\n').replace(/^\s+|\s+$/g, '');

  function isEmptyState(v) {
    if (Array.isArray(v)) return v.every(isEmptyState);
    if (isPlainObject(v)) return Object.values(v).every(isEmptyState);
    if (typeof v === 'boolean') return true;  // an unticked or ticked box alone says nothing
    return cleanText(v) === '';
  }

  /**
   * Data to write, from a (validated) form state; empty fields are left out. Dates stay dates
   * (a plain 2024-05-01), a year in a period is a number, Markdown and multi-line text end with
   * a line break so that they are written as | blocks.
   */
  function dataFromState(state, schema) {
    if (isObject(schema)) {
      if (isEmptyState(state)) return undefined;
      const o = {};
      Object.keys(schema.properties || {}).forEach((k) => {
        const v = dataFromState(state[k], schema.properties[k]);
        if (v !== undefined) o[k] = v;
      });
      return o;
    }
    if (isArray(schema)) {
      const list = (state || []).map((item) => dataFromState(item, schema.items)).filter((v) => v !== undefined);
      return list.length ? list : undefined;
    }
    if (isBoolean(schema)) return state === true ? true : undefined;
    const t = cleanText(state || '');
    if (t === '') return undefined;
    if (hasType(schema, 'integer') && /^[-+]?\d+$/.test(t) && (!hasType(schema, 'string') || /^\d{4}$/.test(t))) {
      return parseInt(t, 10);
    }
    if (hasType(schema, 'number') && /^[-+]?\d+(?:[.,]\d+)?$/.test(t)) return Number(t.replace(',', '.'));
    if ((schema.format === 'date' || schema.format === 'periode') && DATE_RE.test(t)) return new YamlDate(t);
    return isMarkdown(schema) || t.includes('\n') ? t + '\n' : t;
  }

  /* ------------------------------------------------------------------ validation */

  const PERIOD_RE = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;
  const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
  const EMAIL_RE = /^[^@\s<>()[\],;:"]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$/;
  const WEBLINK_RE = /^https?:\/\/[^\s/$.?#][^\s]*$/i;
  const YEAR_MIN = 1900;
  const YEAR_MAX = 2100;

  function validDate(y, m, d) {
    const date = new Date(Date.UTC(y, m - 1, d));
    return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
  }

  function periodOk(t) {
    const m = PERIOD_RE.exec(t);
    return !!m && +m[1] >= YEAR_MIN && +m[1] <= YEAR_MAX && validDate(+m[1], m[2] ? +m[2] : 1, m[3] ? +m[3] : 1);
  }

  const dateOk = (t) => DATE_RE.test(t) && validDate(+t.slice(0, 4), +t.slice(5, 7), +t.slice(8, 10));

  /** [first day, last day] of a period as 'YYYY-MM-DD' strings (they sort as dates). */
  function periodBounds(t) {
    const m = PERIOD_RE.exec(t);
    if (m[3]) return [t, t];
    if (m[2]) {
      const last = new Date(Date.UTC(+m[1], +m[2], 0)).getUTCDate();
      return [m[1] + '-' + m[2] + '-01', m[1] + '-' + m[2] + '-' + String(last).padStart(2, '0')];
    }
    return [m[1] + '-01-01', m[1] + '-12-31'];
  }

  function todayText(now) {
    const d = now || new Date();
    return d.getFullYear() + '-' + String(d.getMonth() + 1).padStart(2, '0') + '-' + String(d.getDate()).padStart(2, '0');
  }

  const charCount = (t) => Array.from(t).length;
  const capitalise = (t) => t.charAt(0).toUpperCase() + t.slice(1);
  const listOptions = (values) => values.length > 1
    ? values.slice(0, -1).join(', ') + ' of ' + values[values.length - 1] : values.join('');

  /** The Dutch name of a field for messages: 'Titel', 'Partner 2 – Naam', 'Werkvraag 2'. */
  function fieldName(schema, path) {
    const parts = [];
    let s = schema;
    path.forEach((p) => {
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

  /**
   * Every problem in the form state, as {path, message, hint, list}. Messages follow the
   * wording of `workbook check` (workbook/check/schema_messages.py and rules.py); Markdown
   * problems are its own (`markdown`: the rules embedded from workbook/base/markdown.py).
   */
  function validateState(state, schema, themes, markdown, today) {
    const errors = [];
    const themeIds = themes.map((t) => t.id);
    const add = (path, message, hint, list) =>
      errors.push({ path, message: capitalise(message), hint: hint || null, list: !!list });

    function checkScalar(value, s, path, required) {
      const name = fieldName(schema, path);
      if (isBoolean(s)) return;
      const t = cleanText(value || '');
      const isTheme = path.length === 1 && path[0] === 'thema' && themeIds.length > 0;
      if (t === '') {
        if (required && (s.enum || isTheme)) add(path, 'kies bij ' + name + ' een van de mogelijkheden');
        else if (required) add(path, name + ' is leeg');
        return;
      }
      if (isTheme) {
        if (!themeIds.includes(t)) add(path, "thema '" + t + "' bestaat niet in dit werkboek", 'kies uit: ' + themeIds.join(', '));
        return;
      }
      if (s.pattern && !new RegExp(s.pattern).test(t)) {
        add(path, name + " '" + t + "' is geen geldige korte naam",
          "gebruik alleen kleine letters, cijfers en streepjes, zoals 'mijn-thema'");
        return;
      }
      if (s.enum) {
        if (s.enum.includes(t)) return;
        if (s.enum.length <= 5) add(path, name + ' moet ' + listOptions(s.enum) + " zijn, niet '" + t + "'");
        else add(path, name + " '" + t + "' is geen toegestane waarde", 'Kies uit: ' + s.enum.join(', '));
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
        if (!dateOk(t)) add(path, name + " '" + t + "' is geen geldige datum", 'schrijf de datum als JJJJ-MM-DD, bijvoorbeeld 2024-05-01');
        return;
      }
      if (hasType(s, 'integer')) {
        if (!/^[-+]?\d+$/.test(t)) {
          add(path, name + ' moet een geheel getal zijn, niet tekst', 'schrijf alleen het getal, zonder punt voor duizendtallen');
        } else if (s.format === 'jaar' && (+t < YEAR_MIN || +t > YEAR_MAX)) {
          add(path, name + ' ' + t + ' is geen geldig jaartal',
            'schrijf een jaartal tussen ' + YEAR_MIN + ' en ' + YEAR_MAX + ', zoals 2022');
        }
        return;
      }
      if (hasType(s, 'number')) {
        if (/^\d{1,3}(\.\d{3})+$/.test(t)) {
          add(path, 'in YAML is de punt een decimaalteken, geen scheiding voor duizendtallen',
            'schrijf het getal zonder punt, bijvoorbeeld 1500 in plaats van 1.500');
        } else if (!/^[-+]?\d+(?:[.,]\d+)?$/.test(t)) {
          add(path, name + ' moet een getal zijn, niet tekst', 'schrijf alleen het getal, zonder punt voor duizendtallen');
        }
        return;
      }
      const len = charCount(t);
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
        const seen = new Set();  // one message per kind of problem and field
        markdownProblems(t, markdown).forEach((p) => {
          if (!seen.has(p.message)) add(path, name + ': ' + p.message, p.hint);
          seen.add(p.message);
        });
      }
      if (path[0] === 'afbeeldingen' && path[path.length - 1] === 'bestand') {
        if (/^([a-zA-Z][a-zA-Z0-9+.-]*:|\/|\\)/.test(t) || t.includes('\\')) {
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
        const req = s.required || [];
        Object.keys(s.properties || {}).forEach((k) => check(value[k], s.properties[k], path.concat([k]), req.includes(k)));
        return;
      }
      if (!isArray(s)) {
        checkScalar(value, s, path, required);
        return;
      }
      let filled = 0;
      (value || []).forEach((item, i) => {
        if (isEmptyState(item)) return;
        filled++;
        check(item, s.items, path.concat([i]), true);
      });
      const name = fieldName(schema, path);
      if (filled === 0 && required) {
        add(path, name + ' is leeg', null, true);
      } else if (filled && s.minItems && filled < s.minItems) {
        add(path, name + ' bevat ' + filled + ' ' + (filled === 1 ? 'punt' : 'punten') + ', minstens ' + s.minItems,
          'vul nog een punt in, of voeg er een toe', true);
      } else if (s.maxItems && filled > s.maxItems) {
        add(path, name + ' bevat ' + filled + ' punten, hoogstens ' + s.maxItems, 'houd het bij de belangrijkste punten', true);
      }
    }

    const rootRequired = schema.required || [];
    Object.keys(schema.properties).forEach((k) => check(state[k], schema.properties[k], [k], rootRequired.includes(k)));

    // Rules the schema cannot express (workbook/check/rules.py).
    const period = state.looptijd || {};
    const start = cleanText(period.start || '');
    const end = cleanText(period.eind || '');
    if (cleanText(state.status || '') === 'afgerond' && end === '') {
      add(['looptijd', 'eind'], "looptijd.eind ontbreekt; die is verplicht als de status 'afgerond' is",
        'vul het einde in, bijvoorbeeld 2023-06');
    }
    if (periodOk(start) && periodOk(end) && periodBounds(end)[1] < periodBounds(start)[0]) {
      add(['looptijd', 'eind'], 'looptijd.eind (' + end + ') ligt vóór looptijd.start (' + start + ')',
        'controleer beide datums; het einde kan niet vóór het begin liggen');
    }
    const updated = cleanText(state.bijgewerkt || '');
    const now = today || todayText();
    if (dateOk(updated) && updated > now) {
      add(['bijgewerkt'], 'bijgewerkt (' + updated + ') ligt in de toekomst',
        'vul de datum in waarop u het voorbeeld het laatst nakeek, uiterlijk ' + now);
    }
    if (state.contact && !isEmptyState(state.contact) && state.contact.toestemming !== true) {
      add(['contact', 'toestemming'], 'contactgegevens worden alleen gepubliceerd met toestemming van de contactpersoon',
        "vraag toestemming en vink dan 'Toestemming' aan, of maak de contactvelden leeg");
    }
    return errors;
  }

  const api = {
    loadYaml, dumpYaml, YamlError, YamlDate, markdownProblems, slugify, pathText,
    emptyState, stateFromData, dataFromState, validateState
  };
  if (typeof module !== 'undefined' && module.exports) module.exports = api;
  if (typeof document === 'undefined' || !document.getElementById('schema')) return;

  /* ------------------------------------------------------------------ the page */

  const byId = (id) => document.getElementById(id);
  const all = (root, selector) => Array.from(root.querySelectorAll(selector));
  // One saved form per book: file:// pages of different books share one storage.
  const STORAGE_KEY = 'werkboek-insturen:' + document.title;
  const schema = JSON.parse(byId('schema').textContent);
  const themes = JSON.parse(byId('themas').textContent);
  const markdownRules = JSON.parse(byId('markdown').textContent);
  const fieldsBox = byId('velden');
  const form = byId('formulier');
  const summary = byId('foutoverzicht');
  const resultBox = byId('resultaat');
  const baseTitle = document.title;
  let state = emptyState(schema);
  let downloadUrl = null;

  // Section headings: they start before the named field. Fields not listed simply follow.
  const SECTIONS = {
    titel: 'Over de aanpak',
    samenvatting: 'Inhoud',
    resultaten: 'Resultaten en lessen',
    financiering: 'Meer informatie',
    volgorde: 'Voor de redactie'
  };
  const TEXTAREA_ROWS = { samenvatting: 4 };
  // Short references that stay on one line however long they may be.
  const ONE_LINE = ['titel', 'bestand', 'bron'];

  function h(tag, attrs, ...children) {
    const el = document.createElement(tag);
    Object.entries(attrs || {}).forEach(([k, v]) => {
      if (v === null || v === undefined || v === false) return;
      if (k === 'text') el.textContent = v;
      else if (k === 'className') el.className = v;
      else el.setAttribute(k, v === true ? '' : v);
    });
    children.forEach((child) => {
      if (child !== null && child !== undefined) el.append(child);
    });
    return el;
  }

  const idFor = (path) => 'veld-' + path.join('-');
  const getAt = (path) => path.reduce((v, p) => v[p], state);
  const schemaAt = (path) => path.reduce((s, p) => typeof p === 'number' ? s.items : s.properties[p], schema);

  function setAt(path, value) {
    getAt(path.slice(0, -1))[path[path.length - 1]] = value;
    save();
  }

  function save() {
    try {
      window.localStorage.setItem(STORAGE_KEY, JSON.stringify(state));
    } catch (e) { /* storage full or disabled: the form still works */ }
  }

  function announce(text) {
    const box = byId('meldingen');
    box.textContent = '';
    window.setTimeout(() => { box.textContent = text; }, 50);
  }

  const optionLabel = (value) => capitalise(String(value).replace(/-/g, ' '));

  /** The schema's description, with YAML wording ('zet toestemming: true') said as a form would. */
  const helpText = (s) => (s.description || '').replace(/^true als /, 'Vink aan als ')
    .replace(/zet dan (\w+): true/, (m, key) => 'vink dan ' + capitalise(key) + ' aan');

  function exampleText(s, path) {
    if (path && path.length === 1 && path[0] === 'thema') return '';  // chosen from the themes
    if (path && path.some((p) => typeof p === 'number' && p > 0)) return '';
    if (!s.examples || !s.examples.length || s.enum || isMarkdown(s)) return '';
    const ex = s.examples[0];
    if (typeof ex !== 'string' && typeof ex !== 'number') return '';
    return String(ex).length <= 40 ? 'Bijvoorbeeld: ' + ex : '';
  }

  const labelText = (title, required) =>
    [h('span', { text: title }), required ? h('span', { className: 'verplicht', text: ' (verplicht)' }) : null];

  function describedBy(el, ids) {
    const list = ids.filter(Boolean);
    if (list.length) el.setAttribute('aria-describedby', list.join(' '));
    else el.removeAttribute('aria-describedby');
    el.dataset.describedby = list.join(' ');
  }

  function hintBlock(s, id, path) {
    const help = helpText(s);
    const ex = exampleText(s, path);
    if (!help && !ex) return null;
    return h('div', { className: 'hint', id }, help ? h('span', { text: help }) : null,
      ex ? h('span', { className: 'hint__voorbeeld', text: (help ? ' ' : '') + ex }) : null);
  }

  const useTextarea = (s, path) => isMarkdown(s) || (s.maxLength || 0) >= 300 && !ONE_LINE.includes(path[path.length - 1]);
  const isNumeric = (s) => hasType(s, 'integer') || hasType(s, 'number');

  function widthClass(s) {
    if (s.format === 'date' || s.format === 'periode') return 'invoer--datum';
    return s.format === 'jaar' || isNumeric(s) ? 'invoer--getal' : '';
  }

  function renderCheckbox(path, s, required, title) {
    const id = idFor(path);
    const box = h('div', { className: 'veld veld--vink', 'data-veld': id });
    const control = h('input', { type: 'checkbox', id, className: 'vink' });
    control.checked = getAt(path) === true;
    control.addEventListener('change', () => setAt(path, control.checked));
    const hint = hintBlock(s, id + '-hint', path);
    describedBy(control, [hint ? id + '-hint' : null]);
    box.append(control, h('label', { for: id, className: 'vink__label' }, ...labelText(title, required)));
    if (hint) box.append(hint);
    return box;
  }

  function renderRadios(path, s, required, title, choices) {
    const id = idFor(path);
    const fs = h('fieldset', { className: 'veld veld--keuze', id: id + '-groep', 'data-veld': id },
      h('legend', { className: 'veld__label' }, ...labelText(title, required)));
    const hint = hintBlock(s, id + '-hint', path);
    if (hint) fs.append(hint);
    describedBy(fs, [hint ? id + '-hint' : null]);
    const group = h('div', { className: 'keuzes' });
    choices.forEach((c) => {
      const rid = id + '-' + c.value;
      const radio = h('input', { type: 'radio', id: rid, name: id, value: c.value, className: 'keuze__rondje', required });
      radio.checked = getAt(path) === c.value;
      radio.addEventListener('change', () => { if (radio.checked) setAt(path, c.value); });
      group.append(h('div', { className: 'keuze' }, radio, h('label', { for: rid, className: 'keuze__label', text: c.label })));
    });
    fs.append(group);
    return fs;
  }

  /** A scalar field: text input, textarea, select, radios or checkbox. */
  function renderScalar(path, s, required, labelOverride) {
    const id = idFor(path);
    const hintId = id + '-hint';
    const value = getAt(path);
    const title = labelOverride || s.title || String(path[path.length - 1]);
    let choices = null;
    if (path.length === 1 && path[0] === 'thema' && themes.length) {
      choices = themes.map((t) => ({ value: t.id, label: t.titel }));
    } else if (s.enum) {
      choices = s.enum.map((v) => ({ value: v, label: optionLabel(v) }));
    }
    if (isBoolean(s)) return renderCheckbox(path, s, required, title);
    if (choices && choices.length <= 5) return renderRadios(path, s, required, title, choices);

    const short = widthClass(s) !== '' || s.maxLength && s.maxLength <= 60;
    const box = h('div', { className: short ? 'veld veld--kort' : 'veld', 'data-veld': id },
      h('label', { for: id, className: 'veld__label' }, ...labelText(title, required)));
    const hint = hintBlock(s, hintId, path);
    if (hint) box.append(hint);
    let control;
    let counter = null;
    if (choices) {
      control = h('select', { id, className: 'invoer invoer--keuze' }, h('option', { value: '', text: '– kies –' }),
        ...choices.map((c) => h('option', { value: c.value, text: c.label })));
      if (value && !choices.some((c) => c.value === value)) control.append(h('option', { value, text: value + ' (ongeldig)' }));
      control.value = value || '';
      control.addEventListener('change', () => setAt(path, control.value));
    } else {
      if (useTextarea(s, path)) {
        const rows = TEXTAREA_ROWS[path[path.length - 1]] || (isMarkdown(s) ? 8 : s.maxLength >= 500 ? 3 : 2);
        control = h('textarea', { id, rows, className: 'invoer invoer--tekstvak' });
      } else {
        control = h('input', {
          type: s.format === 'email' ? 'email' : s.format === 'weblink' ? 'url' : 'text',
          id,
          className: ('invoer ' + widthClass(s)).trim(),
          inputmode: isNumeric(s) && !s.format ? (hasType(s, 'number') ? 'decimal' : 'numeric')
            : s.format === 'jaar' ? 'numeric' : null,
          autocomplete: s.format === 'email' ? 'email' : 'off',
          spellcheck: s.format || isNumeric(s) ? 'false' : null
        });
      }
      control.value = value || '';
      if (s.maxLength && (s.minLength > 1 || useTextarea(s, path) && !isMarkdown(s))) {
        counter = h('div', { className: 'teller', id: id + '-teller' });
      }
      const update = () => {
        if (!counter) return;
        const n = charCount(cleanText(control.value));
        const limits = s.minLength > 1 ? 'tussen ' + s.minLength + ' en ' + s.maxLength : 'hoogstens ' + s.maxLength;
        counter.textContent = n + (n === 1 ? ' teken' : ' tekens') + ' (' + limits + ')';
        counter.classList.toggle('teller--fout', n > s.maxLength || n > 0 && n < (s.minLength || 0));
      };
      control.addEventListener('input', () => {
        setAt(path, control.value);
        update();
        if (control.tagName === 'TEXTAREA') autoGrow(control);
      });
      update();
    }
    if (required) control.setAttribute('aria-required', 'true');
    describedBy(control, [hint ? hintId : null, counter ? counter.id : null]);
    box.append(control);
    if (counter) box.append(counter);
    return box;
  }

  function renderObject(path, s, required) {
    const id = idFor(path);
    const fs = h('fieldset', { className: 'veld veld--groep', id: id + '-groep', 'data-veld': id },
      h('legend', { className: 'veld__label' }, ...labelText(s.title, required)));
    const hint = hintBlock(s, id + '-hint');
    if (hint) {
      fs.append(hint);
      describedBy(fs, [id + '-hint']);
    }
    const req = s.required || [];
    fs.append(h('div', { className: 'groep__velden' }, ...Object.keys(s.properties).map((k) =>
      renderScalar(path.concat([k]), s.properties[k], required && req.includes(k)))));
    return fs;
  }

  function itemButtons(path, index, count, itemTitle, minimum) {
    const which = itemTitle.toLowerCase() + ' ' + (index + 1);
    const button = (text, action, cls) => {
      const b = h('button', { type: 'button', className: 'knop knop--klein ' + (cls || ''), 'data-actie': action },
        text, h('span', { className: 'visueel-verborgen', text: ' ' + which }));
      b.addEventListener('click', () => changeList(path, index, action));
      return b;
    };
    return h('div', { className: 'item__knoppen' }, index > 0 ? button('Omhoog', 'omhoog') : null,
      index < count - 1 ? button('Omlaag', 'omlaag') : null,
      count > minimum ? button('Verwijder', 'verwijder', 'knop--verwijder') : null);
  }

  function renderListItems(path, s, list) {
    list.textContent = '';
    const items = getAt(path);
    const itemSchema = s.items;
    const itemTitle = itemSchema.title || 'Punt';
    items.forEach((item, i) => {
      const itemPath = path.concat([i]);
      const buttons = itemButtons(path, i, items.length, itemTitle, s.minItems || 0);
      if (isObject(itemSchema)) {
        const req = itemSchema.required || [];
        const fs = h('fieldset', { className: 'item__groep', id: idFor(itemPath) + '-groep' },
          h('legend', { className: 'item__titel', text: itemTitle + ' ' + (i + 1) }),
          ...Object.keys(itemSchema.properties).map((k) =>
            renderScalar(itemPath.concat([k]), itemSchema.properties[k], req.includes(k))), buttons);
        list.append(h('li', { className: 'item item--groep', 'data-index': String(i) }, fs));
      } else {
        const field = renderScalar(itemPath, itemSchema, false, itemTitle + ' ' + (i + 1));
        field.classList.add('veld--item');
        list.append(h('li', { className: 'item', 'data-index': String(i) }, field, buttons));
      }
    });
  }

  function renderArray(path, s, required) {
    const id = idFor(path);
    const hintText = [helpText(s)].concat(s.minItems > 1 ? ['Vul er minstens ' + s.minItems + ' in.'] : []).join(' ');
    const fs = h('fieldset', { className: 'veld veld--lijst', id: id + '-groep', 'data-veld': id },
      h('legend', { className: 'veld__label' }, ...labelText(s.title, required)),
      h('div', { className: 'hint', id: id + '-hint', text: hintText }));
    describedBy(fs, [id + '-hint']);
    if (path[0] === 'afbeeldingen') {
      fs.append(h('p', { className: 'hint hint--let-op', text: 'Stuur elk afbeeldingsbestand mee met het '
        + 'YAML-bestand. Zet bij Bestand de naam zoals die naast het YAML-bestand komt te staan, '
        + 'bijvoorbeeld img/foto.jpg.' }));
    }
    const list = h('ol', { className: 'lijst', id });
    fs.append(list);
    renderListItems(path, s, list);
    const add = h('button', { type: 'button', className: 'knop knop--tweede', id: id + '-toevoegen' },
      (s.items.title || 'Punt') + ' toevoegen');
    add.addEventListener('click', () => changeList(path, getAt(path).length, 'toevoegen'));
    fs.append(add);
    return fs;
  }

  /** Textareas grow with their text (never below the rows they were given). */
  function autoGrow(area) {
    if (!area.offsetParent) return;  // not laid out (hidden)
    area.style.height = '';
    const border = area.offsetHeight - area.clientHeight;
    if (area.scrollHeight > area.clientHeight) area.style.height = (area.scrollHeight + border) + 'px';
  }

  const growAll = (container) => all(container, 'textarea.invoer').forEach(autoGrow);
  const firstControl = (container) => container.querySelector('input, select, textarea');

  function changeList(path, index, action) {
    const items = getAt(path);
    const s = schemaAt(path);
    const itemTitle = s.items.title || 'Punt';
    let target = index;
    let focusAction = null;
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
    const list = byId(idFor(path));
    renderListItems(path, s, list);
    growAll(list);
    const li = list.children[target];
    if (action === 'toevoegen') {
      firstControl(li).focus();
      announce(itemTitle + ' ' + (target + 1) + ' toegevoegd.');
    } else if (action === 'verwijder') {
      (li ? firstControl(li) : byId(idFor(path) + '-toevoegen')).focus();
      announce(itemTitle + ' ' + (index + 1) + ' verwijderd.');
    } else if (li) {
      (li.querySelector('[data-actie="' + focusAction + '"]') || firstControl(li)).focus();
      announce(itemTitle + ' verplaatst naar plek ' + (target + 1) + '.');
    }
  }

  function renderAll() {
    fieldsBox.textContent = '';
    const req = schema.required || [];
    let section = null;
    Object.entries(schema.properties).forEach(([k, s]) => {
      if (SECTIONS[k] || !section) {
        section = h('section', { className: 'deel' }, SECTIONS[k] ? h('h2', { className: 'deel__kop', text: SECTIONS[k] }) : null);
        fieldsBox.append(section);
      }
      const render = isObject(s) ? renderObject : isArray(s) ? renderArray : renderScalar;
      section.append(render([k], s, req.includes(k)));
    });
    growAll(fieldsBox);
  }

  /* -------- errors */

  function clearErrors() {
    all(document, '.foutmelding').forEach((el) => el.remove());
    all(document, '.veld--fout').forEach((el) => el.classList.remove('veld--fout'));
    all(document, '[aria-invalid]').forEach((el) => {
      el.removeAttribute('aria-invalid');
      describedBy(el, (el.dataset.describedby || '').split(' ').filter((x) => x && !/-fout$/.test(x)));
    });
    summary.hidden = true;
    summary.textContent = '';
    document.title = baseTitle;
  }

  /** The control a message links to, and the box its inline message goes in. */
  function errorTarget(err) {
    const id = idFor(err.path);
    if (err.list) {
      const list = byId(id);
      const empty = all(list, 'input, textarea, select').find((c) => c.type !== 'checkbox' && c.value.trim() === '');
      return { control: empty || firstControl(list) || byId(id + '-toevoegen'), box: byId(id + '-groep') };
    }
    const group = byId(id + '-groep');
    if (group && group.classList.contains('veld--keuze')) {
      return { control: group.querySelector('input:checked') || group.querySelector('input'), box: group };
    }
    return { control: byId(id), box: byId(id).closest('.veld') };
  }

  const addDescribedBy = (el, id) => describedBy(el, (el.dataset.describedby || '').split(' ').concat([id]));

  /** The summary box: a heading and its contents, focused and scrolled to. */
  function showSummary(heading, ...contents) {
    summary.textContent = '';
    summary.append(h('h2', { className: 'foutoverzicht__kop', id: 'foutoverzicht-kop', text: heading }), ...contents);
    summary.setAttribute('aria-labelledby', 'foutoverzicht-kop');
    summary.hidden = false;
    summary.focus();
    summary.scrollIntoView({ block: 'start' });
  }

  function showErrors(errors) {
    clearErrors();
    const placed = errors.map((err) => Object.assign({ err }, errorTarget(err)));
    placed.sort((a, b) => a.control === b.control ? 0
      : a.control.compareDocumentPosition(b.control) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1);
    placed.forEach((p, i) => {
      const msgId = (p.box.id || p.control.id) + '-fout-' + (i + 1);
      const msg = h('p', { className: 'foutmelding', id: msgId },
        h('span', { className: 'visueel-verborgen', text: 'Fout: ' }), p.err.message,
        p.err.hint ? h('span', { className: 'foutmelding__hint', text: capitalise(p.err.hint) + '.' }) : null);
      const after = p.box.querySelector(':scope > .hint')
        || p.box.querySelector(':scope > .hint--let-op, :scope > legend, :scope > label');
      if (p.box.classList.contains('veld--vink') || !after) p.box.prepend(msg);
      else after.after(msg);
      p.box.classList.add('veld--fout');
      let described = p.box.matches('fieldset') ? p.box : p.control;
      if (p.control && p.control.matches('input, select, textarea') && !p.err.list) {
        p.control.setAttribute('aria-invalid', 'true');
        described = p.control;
      }
      addDescribedBy(described, msgId);
      if (described !== p.box && p.box.matches('fieldset')) addDescribedBy(p.box, msgId);
    });
    const links = placed.map((p) => {
      const a = h('a', { href: '#' + p.control.id, 'data-pad': pathText(p.err.path), text: p.err.message });
      a.addEventListener('click', (ev) => {
        ev.preventDefault();
        p.control.focus({ preventScroll: true });
        (p.box.querySelector('legend, label') || p.control).scrollIntoView({ block: 'start' });
      });
      return h('li', null, a);
    });
    showSummary('Controleer de volgende velden',
      h('p', { text: (placed.length === 1 ? 'Er is 1 probleem gevonden.' : 'Er zijn ' + placed.length
        + ' problemen gevonden.') + ' Het bestand is nog niet gemaakt.' }),
      h('ul', { className: 'foutoverzicht__lijst' }, ...links));
    document.title = 'Fout: ' + baseTitle;
  }

  function showProblem(text) {
    clearErrors();
    showSummary('Er is iets misgegaan', h('p', { className: 'foutoverzicht__tekst', text }));
  }

  /* -------- result */

  function showResult() {
    const data = dataFromState(state, schema) || {};
    const text = dumpYaml(data);
    const name = slugify(data.titel || '') + '.yaml';
    if (downloadUrl) URL.revokeObjectURL(downloadUrl);
    downloadUrl = URL.createObjectURL(new Blob([text], { type: 'application/yaml;charset=utf-8' }));
    const link = byId('download');
    link.href = downloadUrl;
    link.setAttribute('download', name);
    link.textContent = 'Download ' + name;
    byId('yaml-uitvoer').value = text;
    byId('kopieer-status').textContent = '';
    byId('resultaat-plek').replaceChildren('In het werkboek komt het bestand in de map ',
      h('code', { text: 'examples/' + (data.thema || '…') + '/' }), ' te staan, als ', h('code', { text: name }), '.');
    const images = byId('resultaat-afbeeldingen');
    const files = (data.afbeeldingen || []).map((a) => a.bestand);
    images.hidden = !files.length;
    images.replaceChildren(...(files.length ? [h('p', { text: 'Stuur ook deze afbeeldingen mee, met precies '
      + 'deze naam en map (vanaf de map van het YAML-bestand):' }),
    h('ul', null, ...files.map((f) => h('li', null, h('code', { text: f }))))] : []));
    resultBox.hidden = false;
    const heading = byId('resultaat-kop');
    heading.focus();
    heading.scrollIntoView({ block: 'start' });
  }

  const hideResult = () => { resultBox.hidden = true; };

  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const errors = validateState(state, schema, themes, markdownRules);
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

  byId('kopieer').addEventListener('click', () => {
    const area = byId('yaml-uitvoer');
    const status = byId('kopieer-status');
    const done = () => { status.textContent = 'De tekst staat op het klembord.'; };
    const fallback = () => {
      area.focus();
      area.select();
      let ok = false;
      try { ok = document.execCommand('copy'); } catch (e) { ok = false; }
      if (ok) done();
      else status.textContent = 'Kopiëren lukte niet; de tekst is geselecteerd, kopieer die met Ctrl+C (of Cmd+C).';
    };
    if (navigator.clipboard && navigator.clipboard.writeText) navigator.clipboard.writeText(area.value).then(done, fallback);
    else fallback();
  });

  byId('leegmaken').addEventListener('click', () => {
    if (!window.confirm('Weet u zeker dat u alle velden wilt leegmaken? Wat u hebt ingevuld, gaat verloren.')) return;
    state = emptyState(schema);
    try { window.localStorage.removeItem(STORAGE_KEY); } catch (e) { /* nothing saved */ }
    clearErrors();
    hideResult();
    renderAll();
    firstControl(fieldsBox).focus();
    announce('Het formulier is leeggemaakt.');
  });

  const fileInput = byId('laad-bestand');
  fileInput.addEventListener('change', () => {
    const file = fileInput.files && fileInput.files[0];
    if (!file) return;
    const reader = new FileReader();
    const cannot = 'Het bestand ' + file.name;
    reader.onerror = () => showProblem(cannot + ' kon niet worden gelezen.');
    reader.onload = () => {
      let data;
      try {
        data = loadYaml(String(reader.result));
      } catch (e) {
        if (!(e instanceof YamlError)) throw e;
        showProblem(cannot + ' kon niet worden gelezen. ' + (e.line ? 'Regel ' + e.line + ': ' : '')
          + capitalise(e.message) + '. Het formulier is niet veranderd.');
        return;
      }
      if (!isPlainObject(data)) {
        showProblem(cannot + " bevat geen praktijkvoorbeeld: het moet velden bevatten, zoals 'titel: …'. "
          + 'Het formulier is niet veranderd.');
        return;
      }
      const ignored = [];
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
  let restored = false;
  try {
    const saved = window.localStorage.getItem(STORAGE_KEY);
    if (saved) {
      state = stateFromData(JSON.parse(saved), schema, [], []);
      restored = !isEmptyState(state);
    }
  } catch (e) {
    state = emptyState(schema);
  }
  renderAll();
  if (document.fonts && document.fonts.ready) document.fonts.ready.then(() => growAll(fieldsBox));
  document.documentElement.classList.add('js');
  if (restored) announce('Wat u eerder invulde, is teruggezet. Het wordt in deze browser bewaard.');
})();
