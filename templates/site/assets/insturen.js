/* Insturen: a contributor form that turns into a praktijkvoorbeeld YAML file.
 *
 * Everything is generated from the JSON Schema embedded in the page (<script id="schema">), the
 * single source of truth for fields, labels (title), help (description) and limits; the Markdown
 * rules are those of `workbook check`, embedded from workbook/base/markdown.py (<script id="markdown">).
 * js-yaml reads and writes YAML, markdown-it parses Markdown: both vendored in assets/vendor/ and
 * loaded before this file with plain <script> tags. No network: the file is built in the browser.
 * The pure parts are exported for tests outside a browser (module.exports; globals jsyaml, markdownit).
 */
(function () {
  'use strict';

  const { jsyaml, markdownit } = globalThis;

  /* ------------------------------------------------------------------ YAML */

  /** A file js-yaml cannot read, or that `workbook check` refuses: its line (1-based or null). */
  class YamlError extends Error { constructor(line, message) { super(message); this.line = line; } }
  /** A plain scalar that PyYAML reads as a date or timestamp, kept as its text. */
  class YamlDate { constructor(text) { this.text = text; } toString() { return this.text; } }

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

  /** A number as PyYAML constructs it: sign, underscores, and 1:30 (= 90) sexagesimal. */
  function signed(text, read) {
    const v = text.replace(/_/g, '');
    const n = /^[-+]/.test(v) ? v.slice(1) : v;
    const value = n.includes(':') ? n.split(':').reduce((sum, part) => sum * 60 + parseFloat(part), 0) : read(n);
    return (v[0] === '-' ? -1 : 1) * value;
  }

  /** An int as PyYAML reads it: 0b, 0x and leading-0 octal; '0b_' stays text (as for check). */
  function readInt(text) {
    const n = signed(text, (v) => /^0[bx]/.test(v) ? parseInt(v.slice(2), v[1] === 'b' ? 2 : 16)
      : parseInt(v, v !== '0' && v[0] === '0' ? 8 : 10));
    return Number.isNaN(n) ? text : n;
  }

  // `workbook check` keeps .nan as text.
  const readFloat = (text) => /nan$/i.test(text) ? text
    : signed(text.toLowerCase(), (v) => v === '.inf' ? Infinity : parseFloat(v));

  /** A number as YAML 1.1 reads it back: 1e-07 has no dot, so it would be text. */
  function writeNumber(n) {
    if (!Number.isFinite(n)) return Number.isNaN(n) ? '.nan' : n > 0 ? '.inf' : '-.inf';
    const s = String(n);
    return s.includes('e') && !s.includes('.') ? s.replace('e', '.0e') : s;
  }

  const scalarType = (name, options) => new jsyaml.Type(
    name === 'text' ? 'tag:werkboek:text' : `tag:yaml.org,2002:${name}`,
    Object.assign({ kind: 'scalar', resolve: (s) => typeof s === 'string' && RESOLVE[name].test(s) }, options));
  const YAML11 = jsyaml.FAILSAFE_SCHEMA.extend({ implicit: [
    scalarType('null', { construct: () => null, predicate: (v) => v === null, represent: () => 'null' }),
    scalarType('bool', { construct: (s) => /^(?:y|t|on)/i.test(s), predicate: (v) => v === !!v, represent: String }),
    scalarType('int', { construct: readInt, predicate: Number.isInteger, represent: writeNumber }),
    scalarType('float', { construct: readFloat, predicate: (v) => typeof v === 'number', represent: writeNumber }),
    scalarType('timestamp', { construct: (s) => new YamlDate(s), instanceOf: YamlDate, represent: (d) => d.text }),
    scalarType('text', {})
  ] });
  const IMPLICIT_TAGS = YAML11.compiledImplicit.map((t) => t.tag);

  // js-yaml's reasons, said as `workbook check` says them (workbook/load/source.py).
  const YAML_PROBLEMS = [
    [/mapping entry|implicit key|colon is missed|key-value separator/, 'het inspringen klopt niet, of er staat een '
      + 'dubbele punt op een onverwachte plek; staat er een dubbele punt in de tekst, zet dan de hele tekst tussen '
      + 'aanhalingstekens'],
    [/sequence entry|document separator|mapping pair|block scalar/,
      'het inspringen klopt niet; zorg dat velden van dezelfde groep precies even ver inspringen'],
    [/escape sequence|hexadecimal/,
      'onbekende code na \\ tussen dubbele aanhalingstekens; schrijf een backslash als \\\\'],
    [/quoted scalar/, 'een aanhalingsteken is niet gesloten; zet aan het eind van de tekst hetzelfde aanhalingsteken '
      + 'als aan het begin'],
    [/flow collection|comma/, 'een lijst tussen [ ] of een groep tussen { } is niet goed gesloten'],
    [/tab characters/, 'YAML kent geen tabs: spring in met spaties'],
    [/duplicated/, 'een veld staat twee keer in dezelfde groep'],
    [/single document/,
      "het bestand bevat meer dan één YAML-document ('---'); zet elk praktijkvoorbeeld in een eigen bestand"],
    [/tag/, 'YAML-tags (!) zijn niet toegestaan; zet tekst zo nodig tussen aanhalingstekens'],
    [/alias|anchor/, 'ankers en verwijzingen (&, *) zijn niet toegestaan; schrijf de tekst voluit'],
    [/printable|null byte/, 'het bestand bevat een teken dat niet is toegestaan']
  ];

  const dutchReason = (reason) => (YAML_PROBLEMS.find(([re]) => re.test(reason))
    || [null, `de YAML-opbouw klopt niet (technisch: ${reason})`])[1];

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
  const dumpYaml = (data) => jsyaml.dump(data, { schema: YAML11, lineWidth: -1, noRefs: true, quotingType: '"' });

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
      code, message: rules.problems[code].message.replace('{href}', () => href), hint: rules.problems[code].hint
    });
    const safe = (href) => rules.schemes.some((s) => href.trim().toLowerCase().startsWith(s));
    markdownParser.parse(text, {}).forEach((token) => {
      if (token.type === 'html_block') add('markdown-html');
      if (token.type === 'heading_open') add('markdown-heading');
      (token.type === 'inline' && token.children || []).forEach((child) => {
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

  const hasType = (s, type) => (Array.isArray(s.type) ? s.type : [s.type]).includes(type);
  const isObject = (s) => hasType(s, 'object');
  const isArray = (s) => hasType(s, 'array');
  const isBoolean = (s) => hasType(s, 'boolean');
  const isNumeric = (s) => hasType(s, 'integer') || hasType(s, 'number');
  const isMarkdown = (s) => !!s && s.contentMediaType === 'text/markdown';
  const isPlainObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof YamlDate);
  const initialCount = (s) => isObject(s.items) ? (s.minItems || 0) : Math.max(s.minItems || 0, 1);
  const cleanText = (v) => String(v).replace(/\r\n?/g, '\n').replace(/^\s+|\s+$/g, '');

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
    const absent = value === null || value === undefined;
    if (isObject(schema)) {
      const o = emptyState(schema);
      if (!absent && !isPlainObject(value)) ignored.push(pathText(path));
      Object.keys(isPlainObject(value) ? value : {}).forEach((k) => {
        const known = Object.prototype.hasOwnProperty.call(schema.properties || {}, k);
        if (known) o[k] = stateFromData(value[k], schema.properties[k], path.concat([k]), ignored);
        else ignored.push(pathText(path.concat([k])));
      });
      return o;
    }
    if (isArray(schema)) {
      if (absent) return emptyState(schema);
      const list = [].concat(value).map((item, i) => stateFromData(item, schema.items, path.concat([i]), ignored));
      while (list.length < initialCount(schema)) list.push(emptyState(schema.items));
      return list;
    }
    if (isBoolean(schema)) return value === true;
    if (absent) return '';
    if (typeof value === 'object' && !(value instanceof YamlDate)) { ignored.push(pathText(path)); return ''; }
    return String(value);
  }

  function isEmptyState(v) {
    if (Array.isArray(v)) return v.every(isEmptyState);
    if (isPlainObject(v)) return Object.values(v).every(isEmptyState);
    return typeof v === 'boolean' || cleanText(v) === '';  // a box alone, ticked or not, says nothing
  }

  /**
   * Data to write, from a (validated) form state; empty fields are left out. Dates stay dates
   * (a plain 2024-05-01), a year in a period is a number, Markdown and multi-line text end with
   * a line break so that they are written as | blocks.
   */
  function dataFromState(state, schema) {
    if (isObject(schema)) {
      if (isEmptyState(state)) return undefined;
      return Object.fromEntries(Object.keys(schema.properties || {})
        .map((k) => [k, dataFromState(state[k], schema.properties[k])]).filter(([, v]) => v !== undefined));
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
  const [YEAR_MIN, YEAR_MAX] = [1900, 2100];

  const validDate = (y, m, d, date = new Date(Date.UTC(y, m - 1, d))) =>
    date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;

  const dateOk = (t) => DATE_RE.test(t) && validDate(+t.slice(0, 4), +t.slice(5, 7), +t.slice(8, 10));

  function periodOk(t) {
    const m = PERIOD_RE.exec(t);
    return !!m && +m[1] >= YEAR_MIN && +m[1] <= YEAR_MAX && validDate(+m[1], +(m[2] || 1), +(m[3] || 1));
  }

  /** The first and the last day of a period (2020, 2020-10 or 2020-10-16), as times. */
  function periodDays(t) {
    const [y, m, d] = t.split('-').map(Number);
    return [Date.UTC(y, (m || 1) - 1, d || 1), d ? Date.UTC(y, m - 1, d) : Date.UTC(y, m || 12, 0)];
  }

  const todayText = (d = new Date()) =>
    [d.getFullYear(), d.getMonth() + 1, d.getDate()].map((n) => String(n).padStart(2, '0')).join('-');

  // Formats of a field: the check, the message after the field's name ({} is the value), and the hint.
  const FORMATS = {
    periode: [periodOk, " '{}' is geen geldig jaar, maand of datum",
      'schrijf een jaar (2020), een maand (2020-10) of een datum (2020-10-16)'],
    date: [dateOk, " '{}' is geen geldige datum", 'schrijf de datum als JJJJ-MM-DD, bijvoorbeeld 2024-05-01'],
    email: [(t) => /^[^@\s<>()[\],;:"]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$/.test(t),
      " '{}' is geen geldig e-mailadres", 'schrijf het adres als naam@organisatie.nl'],
    weblink: [(t) => /^https?:\/\/[^\s/$.?#][^\s]*$/i.test(t), " '{}' is geen toegestaan webadres",
      'alleen webadressen die beginnen met https:// of http:// zijn toegestaan']
  };

  const charCount = (t) => Array.from(t).length;
  const capitalise = (t) => t.charAt(0).toUpperCase() + t.slice(1);
  const listOptions = (v) => v.slice(0, -1).join(', ') + (v.length > 1 ? ' of ' : '') + v[v.length - 1];

  /** The Dutch name of a field for messages: 'Titel', 'Partner 2 – Naam', 'Werkvraag 2'. */
  function fieldName(schema, path) {
    const parts = [];
    path.reduce((s, p) => {
      const sub = typeof p === 'number' ? s.items : s.properties[p];
      if (typeof p === 'number') parts[parts.length - 1] = `${sub.title || 'Punt'} ${p + 1}`;
      else parts.push(sub.title || p);
      return sub;
    }, schema);
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
    const noDots = 'schrijf alleen het getal, zonder punt voor duizendtallen';

    function checkScalar(value, s, path, required) {
      const name = fieldName(schema, path);
      const t = cleanText(value || '');
      const isTheme = path.length === 1 && path[0] === 'thema' && themeIds.length > 0;
      const format = FORMATS[s.format];
      if (isBoolean(s) || t === '') {
        if (t === '' && required && !isBoolean(s)) {
          add(path, s.enum || isTheme ? `kies bij ${name} een van de mogelijkheden` : `${name} is leeg`);
        }
      } else if (isTheme) {
        if (!themeIds.includes(t)) {
          add(path, `thema '${t}' bestaat niet in dit werkboek`, `kies uit: ${themeIds.join(', ')}`);
        }
      } else if (s.pattern && !new RegExp(s.pattern).test(t)) {
        add(path, `${name} '${t}' is geen geldige korte naam`,
          "gebruik alleen kleine letters, cijfers en streepjes, zoals 'mijn-thema'");
      } else if (s.enum) {
        if (s.enum.includes(t)) return;
        if (s.enum.length <= 5) add(path, `${name} moet ${listOptions(s.enum)} zijn, niet '${t}'`);
        else add(path, `${name} '${t}' is geen toegestane waarde`, `Kies uit: ${s.enum.join(', ')}`);
      } else if (s.format === 'periode' || s.format === 'date') {
        if (!format[0](t)) add(path, name + format[1].replace('{}', t), format[2]);
      } else if (hasType(s, 'integer')) {
        if (!/^[-+]?\d+$/.test(t)) add(path, `${name} moet een geheel getal zijn, niet tekst`, noDots);
        else if (s.format === 'jaar' && (+t < YEAR_MIN || +t > YEAR_MAX)) {
          add(path, `${name} ${t} is geen geldig jaartal`,
            `schrijf een jaartal tussen ${YEAR_MIN} en ${YEAR_MAX}, zoals 2022`);
        }
      } else if (hasType(s, 'number')) {
        if (/^\d{1,3}(\.\d{3})+$/.test(t)) {
          add(path, 'in YAML is de punt een decimaalteken, geen scheiding voor duizendtallen',
            'schrijf het getal zonder punt, bijvoorbeeld 1500 in plaats van 1.500');
        } else if (!/^[-+]?\d+(?:[.,]\d+)?$/.test(t)) add(path, `${name} moet een getal zijn, niet tekst`, noDots);
      } else checkText(t, s, path, name, format);
    }

    function checkText(t, s, path, name, format) {
      const len = charCount(t);
      if (s.minLength && len < s.minLength) {
        add(path, `${name} is te kort: ${len} tekens, minstens ${s.minLength}`,
          `vul de tekst aan tot minstens ${s.minLength} tekens`);
      }
      if (s.maxLength && len > s.maxLength) {
        add(path, `${name} is te lang: ${len} tekens, hoogstens ${s.maxLength}`,
          isMarkdown(s) ? 'maak de tekst korter' : 'maak de tekst korter of verdeel hem over meer punten');
      }
      if (format && !format[0](t)) add(path, name + format[1].replace('{}', t), format[2]);
      const seen = new Set();  // one message per kind of Markdown problem and field
      (isMarkdown(s) ? markdownProblems(t, markdown) : []).forEach((p) => {
        if (!seen.has(p.message)) add(path, `${name}: ${p.message}`, p.hint);
        seen.add(p.message);
      });
      if (path[0] !== 'afbeeldingen' || path[path.length - 1] !== 'bestand') return;
      if (/^([a-zA-Z][a-zA-Z0-9+.-]*:|\/|\\)/.test(t) || t.includes('\\')) {
        add(path, `'${t}' is geen pad binnen het project`,
          'geef het pad vanaf de map van dit YAML-bestand, met / als scheiding, zoals img/foto.jpg');
      } else if (!/\.(png|jpe?g|svg)$/i.test(t)) {
        add(path, `afbeelding '${t}' is geen PNG-, JPEG- of SVG-bestand`,
          'sla de afbeelding op als PNG, JPEG of SVG, met de passende extensie');
      }
    }

    function check(value, s, path, required) {
      if (isObject(s)) {
        if (!required && isEmptyState(value)) return;
        Object.keys(s.properties || {}).forEach((k) =>
          check(value[k], s.properties[k], path.concat([k]), (s.required || []).includes(k)));
        return;
      }
      if (!isArray(s)) {
        checkScalar(value, s, path, required);
        return;
      }
      const filled = (value || []).map((item, i) => [item, i]).filter(([item]) => !isEmptyState(item));
      filled.forEach(([item, i]) => check(item, s.items, path.concat([i]), true));
      const name = fieldName(schema, path);
      const n = filled.length;
      if (n === 0 && required) add(path, `${name} is leeg`, null, true);
      else if (n && s.minItems && n < s.minItems) {
        add(path, `${name} bevat ${n} ${n === 1 ? 'punt' : 'punten'}, minstens ${s.minItems}`,
          'vul nog een punt in, of voeg er een toe', true);
      } else if (s.maxItems && n > s.maxItems) {
        add(path, `${name} bevat ${n} punten, hoogstens ${s.maxItems}`, 'houd het bij de belangrijkste punten', true);
      }
    }

    check(state, schema, [], true);

    // Rules the schema cannot express (workbook/check/rules.py).
    const start = cleanText((state.looptijd || {}).start || '');
    const end = cleanText((state.looptijd || {}).eind || '');
    if (cleanText(state.status || '') === 'afgerond' && end === '') {
      add(['looptijd', 'eind'], "looptijd.eind ontbreekt; die is verplicht als de status 'afgerond' is",
        'vul het einde in, bijvoorbeeld 2023-06');
    }
    if (periodOk(start) && periodOk(end) && periodDays(end)[1] < periodDays(start)[0]) {
      add(['looptijd', 'eind'], `looptijd.eind (${end}) ligt vóór looptijd.start (${start})`,
        'controleer beide datums; het einde kan niet vóór het begin liggen');
    }
    const updated = cleanText(state.bijgewerkt || '');
    const now = today || todayText();
    if (dateOk(updated) && updated > now) {
      add(['bijgewerkt'], `bijgewerkt (${updated}) ligt in de toekomst`,
        `vul de datum in waarop u het voorbeeld het laatst nakeek, uiterlijk ${now}`);
    }
    if (state.contact && !isEmptyState(state.contact) && state.contact.toestemming !== true) {
      add(['contact', 'toestemming'],
        'contactgegevens worden alleen gepubliceerd met toestemming van de contactpersoon',
        "vraag toestemming en vink dan 'Toestemming' aan, of maak de contactvelden leeg");
    }
    return errors;
  }

  const api = { loadYaml, dumpYaml, YamlError, YamlDate, markdownProblems, slugify, pathText };
  Object.assign(api, { emptyState, stateFromData, dataFromState, validateState });
  if (typeof module !== 'undefined' && module.exports) module.exports = api;
  if (typeof document === 'undefined' || !document.getElementById('schema')) return;

  /* ------------------------------------------------------------------ the page */

  const byId = (id) => document.getElementById(id);
  const all = (root, selector) => Array.from(root.querySelectorAll(selector));
  const [schema, themes, markdownRules] = ['schema', 'themas', 'markdown'].map((id) => JSON.parse(byId(id).text));
  // One saved form per book: file:// pages of different books share one storage.
  const STORAGE_KEY = 'werkboek-insturen:' + document.title;
  const baseTitle = document.title;
  const fieldsBox = byId('velden');
  const summary = byId('foutoverzicht');
  let state = emptyState(schema);
  let downloadUrl = null;

  // Section headings: they start before the named field. Fields not listed simply follow.
  const SECTIONS = { titel: 'Over de aanpak', samenvatting: 'Inhoud', resultaten: 'Resultaten en lessen',
    financiering: 'Meer informatie', volgorde: 'Voor de redactie' };
  const TEXTAREA_ROWS = { samenvatting: 4 };
  const ONE_LINE = ['titel', 'bestand', 'bron'];  // short references: one line however long they may be

  function h(tag, attrs, ...children) {
    const el = document.createElement(tag);
    Object.entries(attrs || {}).forEach(([k, v]) => {
      if (v === null || v === undefined || v === false) return;
      if (k === 'text') el.textContent = v;
      else if (k === 'className') el.className = v;
      else el.setAttribute(k, v === true ? '' : v);
    });
    el.append(...children.filter((child) => child !== null && child !== undefined));
    return el;
  }

  const idFor = (path) => 'veld-' + path.join('-');
  const getAt = (path) => path.reduce((v, p) => v[p], state);
  const firstControl = (container) => container.querySelector('input, select, textarea');

  function save() {
    try { window.localStorage.setItem(STORAGE_KEY, JSON.stringify(state)); } catch (e) { /* the form still works */ }
  }

  function setAt(path, value) {
    getAt(path.slice(0, -1))[path[path.length - 1]] = value;
    save();
  }

  function announce(text) {
    byId('meldingen').textContent = '';
    window.setTimeout(() => { byId('meldingen').textContent = text; }, 50);
  }

  /** The schema's description, with YAML wording ('zet toestemming: true') said as a form would. */
  const helpText = (s) => (s.description || '').replace(/^true als /, 'Vink aan als ')
    .replace(/zet dan (\w+): true/, (m, key) => `vink dan ${capitalise(key)} aan`);

  function exampleText(s, path) {
    if (path[0] === 'thema' || path.some((p) => typeof p === 'number' && p > 0)) return '';  // themes are chosen
    const ex = (s.examples || [])[0];
    if (s.enum || isMarkdown(s) || (typeof ex !== 'string' && typeof ex !== 'number')) return '';
    return String(ex).length <= 40 ? 'Bijvoorbeeld: ' + ex : '';
  }

  const label = (attrs, title, required) => h(attrs.for ? 'label' : 'legend', attrs, h('span', { text: title }),
    required ? h('span', { className: 'verplicht', text: ' (verplicht)' }) : null);

  function describedBy(el, ids) {
    el.dataset.describedby = ids.filter(Boolean).join(' ');
    if (el.dataset.describedby) el.setAttribute('aria-describedby', el.dataset.describedby);
    else el.removeAttribute('aria-describedby');
  }

  const addDescribedBy = (el, id) => describedBy(el, (el.dataset.describedby || '').split(' ').concat([id]));

  /** The help text and example of a field, or null; the `described` elements point to it. */
  function hintBlock(s, id, path, ...described) {
    const help = helpText(s);
    const ex = path ? exampleText(s, path) : '';
    described.forEach((el) => describedBy(el, [help || ex ? id : null]));
    return help || ex ? h('div', { className: 'hint', id }, help ? h('span', { text: help }) : null,
      ex ? h('span', { className: 'hint__voorbeeld', text: (help ? ' ' : '') + ex }) : null) : null;
  }

  const useTextarea = (s, path) => isMarkdown(s) || s.maxLength >= 300 && !ONE_LINE.includes(path[path.length - 1]);
  const widthClass = (s) => s.format === 'date' || s.format === 'periode' ? 'invoer--datum'
    : s.format === 'jaar' || isNumeric(s) ? 'invoer--getal' : '';

  function renderCheckbox(path, s, required, title) {
    const id = idFor(path);
    const control = h('input', { type: 'checkbox', id, className: 'vink' });
    control.checked = getAt(path) === true;
    control.addEventListener('change', () => setAt(path, control.checked));
    return h('div', { className: 'veld veld--vink', 'data-veld': id }, control,
      label({ for: id, className: 'vink__label' }, title, required), hintBlock(s, id + '-hint', path, control));
  }

  function renderRadios(path, s, required, title, choices) {
    const id = idFor(path);
    const fs = h('fieldset', { className: 'veld veld--keuze', id: id + '-groep', 'data-veld': id },
      label({ className: 'veld__label' }, title, required));
    fs.append(...[hintBlock(s, id + '-hint', path, fs)].filter(Boolean), h('div', { className: 'keuzes' },
      ...choices.map((c) => {
        const radio = h('input', { type: 'radio', id: `${id}-${c.value}`, name: id, value: c.value, required,
          className: 'keuze__rondje' });
        radio.checked = getAt(path) === c.value;
        radio.addEventListener('change', () => radio.checked && setAt(path, c.value));
        return h('div', { className: 'keuze' }, radio,
          h('label', { for: radio.id, className: 'keuze__label', text: c.label }));
      })));
    return fs;
  }

  /** A scalar field: text input, textarea, select, radios or checkbox. */
  function renderScalar(path, s, required, labelOverride) {
    const id = idFor(path);
    const value = getAt(path);
    const title = labelOverride || s.title || String(path[path.length - 1]);
    const choices = path.length === 1 && path[0] === 'thema' && themes.length
      ? themes.map((t) => ({ value: t.id, label: t.titel }))
      : s.enum && s.enum.map((v) => ({ value: v, label: capitalise(String(v).replace(/-/g, ' ')) }));
    if (isBoolean(s)) return renderCheckbox(path, s, required, title);
    if (choices && choices.length <= 5) return renderRadios(path, s, required, title, choices);

    const short = widthClass(s) !== '' || s.maxLength <= 60;
    const box = h('div', { className: short ? 'veld veld--kort' : 'veld', 'data-veld': id },
      label({ for: id, className: 'veld__label' }, title, required));
    let control;
    if (choices) {
      control = h('select', { id, className: 'invoer invoer--keuze' }, h('option', { value: '', text: '– kies –' }),
        ...choices.map((c) => h('option', { value: c.value, text: c.label })));
      if (value && !choices.some((c) => c.value === value)) {
        control.append(h('option', { value, text: value + ' (ongeldig)' }));
      }
    } else if (useTextarea(s, path)) {
      const rows = TEXTAREA_ROWS[path[path.length - 1]] || (isMarkdown(s) ? 8 : s.maxLength >= 500 ? 3 : 2);
      control = h('textarea', { id, rows, className: 'invoer invoer--tekstvak' });
    } else {
      control = h('input', {
        type: { email: 'email', weblink: 'url' }[s.format] || 'text',
        id,
        className: ('invoer ' + widthClass(s)).trim(),
        inputmode: isNumeric(s) && !s.format ? (hasType(s, 'number') ? 'decimal' : 'numeric')
          : s.format === 'jaar' ? 'numeric' : null,
        autocomplete: s.format === 'email' ? 'email' : 'off',
        spellcheck: s.format || isNumeric(s) ? 'false' : null
      });
    }
    control.value = value || '';
    const hint = hintBlock(s, id + '-hint', path, control);
    const counter = !choices && s.maxLength && (s.minLength > 1 || useTextarea(s, path) && !isMarkdown(s))
      ? h('div', { className: 'teller', id: id + '-teller' }) : null;
    const update = () => {
      if (!counter) return;
      const n = charCount(cleanText(control.value));
      const limits = s.minLength > 1 ? `tussen ${s.minLength} en ${s.maxLength}` : `hoogstens ${s.maxLength}`;
      counter.textContent = `${n} ${n === 1 ? 'teken' : 'tekens'} (${limits})`;
      counter.classList.toggle('teller--fout', n > s.maxLength || n > 0 && n < (s.minLength || 0));
    };
    control.addEventListener(choices ? 'change' : 'input', () => {
      setAt(path, control.value);
      update();
      if (control.tagName === 'TEXTAREA') autoGrow(control);
    });
    update();
    if (required) control.setAttribute('aria-required', 'true');
    if (counter) describedBy(control, [hint && hint.id, counter.id]);
    box.append(...[hint, control, counter].filter(Boolean));
    return box;
  }

  function renderObject(path, s, required) {
    const id = idFor(path);
    const hint = hintBlock(s, id + '-hint', null);
    const fs = h('fieldset', { className: 'veld veld--groep', id: id + '-groep', 'data-veld': id },
      label({ className: 'veld__label' }, s.title, required), hint,
      h('div', { className: 'groep__velden' }, ...Object.keys(s.properties).map((k) =>
        renderScalar(path.concat([k]), s.properties[k], required && (s.required || []).includes(k)))));
    if (hint) describedBy(fs, [hint.id]);
    return fs;
  }

  function itemButtons(path, s, index, count) {
    const button = (text, action, cls) => {
      const which = ` ${(s.items.title || 'Punt').toLowerCase()} ${index + 1}`;
      const b = h('button', { type: 'button', className: 'knop knop--klein ' + cls, 'data-actie': action }, text,
        h('span', { className: 'visueel-verborgen', text: which }));
      b.addEventListener('click', () => changeList(path, s, index, action));
      return b;
    };
    return h('div', { className: 'item__knoppen' }, index > 0 ? button('Omhoog', 'omhoog', '') : null,
      index < count - 1 ? button('Omlaag', 'omlaag', '') : null,
      count > (s.minItems || 0) ? button('Verwijder', 'verwijder', 'knop--verwijder') : null);
  }

  function renderListItems(path, s, list) {
    const items = getAt(path);
    const itemTitle = s.items.title || 'Punt';
    list.replaceChildren(...items.map((item, i) => {
      const buttons = itemButtons(path, s, i, items.length);
      if (!isObject(s.items)) {
        const field = renderScalar(path.concat([i]), s.items, false, `${itemTitle} ${i + 1}`);
        field.classList.add('veld--item');
        return h('li', { className: 'item', 'data-index': String(i) }, field, buttons);
      }
      return h('li', { className: 'item item--groep', 'data-index': String(i) },
        h('fieldset', { className: 'item__groep', id: idFor(path.concat([i])) + '-groep' },
          h('legend', { className: 'item__titel', text: `${itemTitle} ${i + 1}` }),
          ...Object.entries(s.items.properties).map(([k, sub]) =>
            renderScalar(path.concat([i, k]), sub, (s.items.required || []).includes(k))), buttons));
    }));
  }

  function renderArray(path, s, required) {
    const id = idFor(path);
    const hint = helpText(s) + (s.minItems > 1 ? ` Vul er minstens ${s.minItems} in.` : '');
    const list = h('ol', { className: 'lijst', id });
    const add = h('button', { type: 'button', className: 'knop knop--tweede', id: id + '-toevoegen' },
      (s.items.title || 'Punt') + ' toevoegen');
    add.addEventListener('click', () => changeList(path, s, getAt(path).length, 'toevoegen'));
    const fs = h('fieldset', { className: 'veld veld--lijst', id: id + '-groep', 'data-veld': id },
      label({ className: 'veld__label' }, s.title, required),
      h('div', { className: 'hint', id: id + '-hint', text: hint }),
      path[0] === 'afbeeldingen' ? h('p', { className: 'hint hint--let-op', text: 'Stuur elk afbeeldingsbestand mee '
        + 'met het YAML-bestand. Zet bij Bestand de naam zoals die naast het YAML-bestand komt te staan, '
        + 'bijvoorbeeld img/foto.jpg.' }) : null, list, add);
    describedBy(fs, [id + '-hint']);
    renderListItems(path, s, list);
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

  function changeList(path, s, index, action) {
    const items = getAt(path);
    const itemTitle = s.items.title || 'Punt';
    const move = { omhoog: -1, omlaag: 1 }[action] || 0;
    let target = index;
    if (action === 'toevoegen') target = items.push(emptyState(s.items)) - 1;
    if (action === 'verwijder') {
      items.splice(index, 1);
      target = Math.min(index, items.length - 1);
    }
    if (move && items[index + move] !== undefined) {
      items.splice(index + move, 0, items.splice(index, 1)[0]);
      target = index + move;
    }
    save();
    const list = byId(idFor(path));
    renderListItems(path, s, list);
    growAll(list);
    const li = list.children[target];
    if (action === 'toevoegen') {
      firstControl(li).focus();
      announce(`${itemTitle} ${target + 1} toegevoegd.`);
    } else if (action === 'verwijder') {
      (li ? firstControl(li) : byId(idFor(path) + '-toevoegen')).focus();
      announce(`${itemTitle} ${index + 1} verwijderd.`);
    } else if (li) {
      // Keep moving the same way; at the end of the list, the button that is left.
      const again = (move < 0 ? target > 0 : target < items.length - 1) ? action : move < 0 ? 'omlaag' : 'omhoog';
      (li.querySelector(`[data-actie="${again}"]`) || firstControl(li)).focus();
      announce(`${itemTitle} verplaatst naar plek ${target + 1}.`);
    }
  }

  function renderAll() {
    let section = null;
    fieldsBox.replaceChildren();
    Object.entries(schema.properties).forEach(([k, s]) => {
      if (SECTIONS[k] || !section) {
        section = fieldsBox.appendChild(h('section', { className: 'deel' },
          SECTIONS[k] ? h('h2', { className: 'deel__kop', text: SECTIONS[k] }) : null));
      }
      const render = isObject(s) ? renderObject : isArray(s) ? renderArray : renderScalar;
      section.append(render([k], s, (schema.required || []).includes(k)));
    });
    growAll(fieldsBox);
  }

  /* -------- errors */

  function clearErrors() {
    all(document, '.foutmelding').forEach((el) => el.remove());
    all(document, '.veld--fout').forEach((el) => el.classList.remove('veld--fout'));
    all(document, '[aria-invalid]').forEach((el) => {
      el.removeAttribute('aria-invalid');
      describedBy(el, (el.dataset.describedby || '').split(' ').filter((x) => !/-fout$/.test(x)));
    });
    summary.hidden = true;
    summary.textContent = '';
    document.title = baseTitle;
  }

  /** The control a message links to, and the box its inline message goes in. */
  function errorTarget(err) {
    const id = idFor(err.path);
    const group = byId(id + '-groep');
    if (err.list) {
      const empty = all(byId(id), 'input, textarea, select').find((c) => c.type !== 'checkbox' && !c.value.trim());
      return { control: empty || firstControl(byId(id)) || byId(id + '-toevoegen'), box: group };
    }
    if (group && group.classList.contains('veld--keuze')) {
      return { control: group.querySelector('input:checked') || group.querySelector('input'), box: group };
    }
    return { control: byId(id), box: byId(id).closest('.veld') };
  }

  /** The summary box: a heading and its contents, focused and scrolled to. */
  function showSummary(heading, ...contents) {
    summary.replaceChildren(h('h2', { className: 'foutoverzicht__kop', id: 'foutoverzicht-kop', text: heading }),
      ...contents);
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
    const links = placed.map(({ err, control, box }, i) => {
      const msgId = `${box.id || control.id}-fout-${i + 1}`;
      const msg = h('p', { className: 'foutmelding', id: msgId },
        h('span', { className: 'visueel-verborgen', text: 'Fout: ' }), err.message,
        err.hint ? h('span', { className: 'foutmelding__hint', text: capitalise(err.hint) + '.' }) : null);
      const after = box.querySelector(':scope > .hint') || box.querySelector(':scope > legend, :scope > label');
      if (box.classList.contains('veld--vink') || !after) box.prepend(msg);
      else after.after(msg);
      box.classList.add('veld--fout');
      const own = control.matches('input, select, textarea') && !err.list;
      if (own) control.setAttribute('aria-invalid', 'true');
      addDescribedBy(own || !box.matches('fieldset') ? control : box, msgId);
      if (own && box.matches('fieldset')) addDescribedBy(box, msgId);
      const a = h('a', { href: '#' + control.id, 'data-pad': pathText(err.path), text: err.message });
      a.addEventListener('click', (ev) => {
        ev.preventDefault();
        control.focus({ preventScroll: true });
        (box.querySelector('legend, label') || control).scrollIntoView({ block: 'start' });
      });
      return h('li', null, a);
    });
    const count = placed.length === 1 ? 'Er is 1 probleem gevonden.' : `Er zijn ${placed.length} problemen gevonden.`;
    showSummary('Controleer de volgende velden', h('p', { text: count + ' Het bestand is nog niet gemaakt.' }),
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
    const files = (data.afbeeldingen || []).map((a) => a.bestand);
    if (downloadUrl) URL.revokeObjectURL(downloadUrl);
    downloadUrl = URL.createObjectURL(new Blob([text], { type: 'application/yaml;charset=utf-8' }));
    Object.assign(byId('download'), { href: downloadUrl, download: name, textContent: 'Download ' + name });
    byId('yaml-uitvoer').value = text;
    byId('kopieer-status').textContent = '';
    byId('resultaat-map').textContent = `examples/${data.thema || '…'}/`;
    byId('resultaat-naam').textContent = name;
    byId('resultaat-afbeeldingen').hidden = !files.length;
    byId('resultaat-bestanden').replaceChildren(...files.map((f) => h('li', null, h('code', { text: f }))));
    byId('resultaat').hidden = false;
    byId('resultaat-kop').focus();
    byId('resultaat-kop').scrollIntoView({ block: 'start' });
  }

  const hideResult = () => { byId('resultaat').hidden = true; };

  byId('formulier').addEventListener('submit', (ev) => {
    ev.preventDefault();
    const errors = validateState(state, schema, themes, markdownRules);
    clearErrors();
    hideResult();
    if (errors.length) showErrors(errors);
    else showResult();
  });
  byId('formulier').addEventListener('input', hideResult);
  byId('formulier').addEventListener('change', hideResult);

  byId('kopieer').addEventListener('click', () => {
    const area = byId('yaml-uitvoer');
    const status = (ok) => {
      byId('kopieer-status').textContent = ok ? 'De tekst staat op het klembord.'
        : 'Kopiëren lukte niet; de tekst is geselecteerd, kopieer die met Ctrl+C (of Cmd+C).';
    };
    const fallback = () => {
      area.focus();
      area.select();
      status(document.execCommand('copy'));
    };
    if (navigator.clipboard) navigator.clipboard.writeText(area.value).then(() => status(true), fallback);
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

  /** Loading a file: its fields replace the form's, or a message says why it cannot be read. */
  function loadFile(file, text) {
    let data;
    try {
      data = loadYaml(text);
    } catch (e) {
      if (!(e instanceof YamlError)) throw e;
      return showProblem(`Het bestand ${file} kon niet worden gelezen. ${e.line ? `Regel ${e.line}: ` : ''}`
        + capitalise(e.message) + '. Het formulier is niet veranderd.');
    }
    if (!isPlainObject(data)) {
      return showProblem(`Het bestand ${file} bevat geen praktijkvoorbeeld: het moet velden bevatten, zoals `
        + "'titel: …'. Het formulier is niet veranderd.");
    }
    const ignored = [];
    state = stateFromData(data, schema, [], ignored);
    save();
    clearErrors();
    hideResult();
    renderAll();
    announce(`Bestand ${file} is geladen.` + (ignored.length
      ? ` Deze onderdelen kent het formulier niet en zijn niet overgenomen: ${ignored.join(', ')}.` : ''));
  }

  const fileInput = byId('laad-bestand');
  fileInput.addEventListener('change', () => {
    const file = fileInput.files && fileInput.files[0];
    if (!file) return;
    const reader = new FileReader();
    reader.onerror = () => showProblem(`Het bestand ${file.name} kon niet worden gelezen.`);
    reader.onload = () => {
      loadFile(file.name, String(reader.result));
      fileInput.value = '';
    };
    reader.readAsText(file, 'utf-8');
  });

  // Restore what was typed before (autosave).
  try {
    state = stateFromData(JSON.parse(window.localStorage.getItem(STORAGE_KEY)), schema, [], []);
  } catch (e) {
    state = emptyState(schema);
  }
  renderAll();
  if (document.fonts) document.fonts.ready.then(() => growAll(fieldsBox));
  document.documentElement.classList.add('js');
  if (!isEmptyState(state)) announce('Wat u eerder invulde, is teruggezet. Het wordt in deze browser bewaard.');
})();
