/**
 * Masking: replaces variable-looking parts of a log message (numbers, ids, IPs, paths, URLs, hex,
 * UUIDs, durations, ...) by the wildcard `<*>` before clustering. Pure, no IO.
 *
 * A message is split on whitespace into words. Each word goes through three scopes, each an
 * ordered list of named rules where the first rule that applies wins:
 *
 * 1. `word` rules see the whole word and may mask a region of it (URLs, IPv6/MAC, Windows paths);
 *    the rest of the word continues to the next scopes.
 * 2. The word is cut into *pieces* at strong delimiters (`: = , ; ( ) [ ] { } " ' | < > @ #`),
 *    which stay in the output text. `piece` rules see one piece (Unix paths).
 * 3. A piece that no piece rule masked is cut at `/` into *atoms*; `atom` rules see one atom
 *    (UUID, booleans/null, numbers, dates, hex ids, numbers with units, prefixed and compound ids).
 *
 * All built-in rules are hand-written character scans (no regex per token). Extra rules can be
 * appended with {@link regexRule}. The rules are generic: nothing here is specific to a dataset.
 */

/** The wildcard that stands for a variable in a template (Loghub convention). */
export const WILDCARD = '<*>';

/** Where a rule runs: on a whole word, on a piece between strong delimiters, or on an atom. */
export type MaskScope = 'word' | 'piece' | 'atom';

/** A named masking rule. `apply` returns the masked text, or undefined when it does not apply. */
export interface MaskRule {
  readonly name: string;
  readonly scope: MaskScope;
  readonly description: string;
  /** Optional pre-filters the masker checks before calling `apply` (speed only; `apply` must not depend on them). */
  readonly minLength?: number;
  /** A character the text must contain for the rule to apply. */
  readonly requires?: string;
  apply(text: string): string | undefined;
}

// ---------------------------------------------------------------------------------------------
// character classes (char codes)

const C_0 = 48;
const C_9 = 57;

function isDigit(c: number): boolean {
  return c >= C_0 && c <= C_9;
}
function isAlpha(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}
function isAlnum(c: number): boolean {
  return isDigit(c) || isAlpha(c);
}
function isHex(c: number): boolean {
  return isDigit(c) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
}
function isHexLetter(c: number): boolean {
  return (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
}
/** Whitespace as split by the tokenizer: space, tab, CR, LF, VT, FF. */
function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}

/** Strong delimiters: they separate pieces and always stay literal in the template. */
const STRONG = new Uint8Array(128);
for (const ch of ':=,;()[]{}"\'|<>@#') STRONG[ch.charCodeAt(0)] = 1;
/** True when the character is a strong delimiter. */
export function isStrongDelimiter(c: number): boolean {
  return c < 128 && STRONG[c] === 1;
}

/** Weak delimiters: inside an atom they separate the parts looked at by the id rules. */
const WEAK = new Uint8Array(128);
for (const ch of '.-_+$%&~!?*^`\\') WEAK[ch.charCodeAt(0)] = 1;
function isWeak(c: number): boolean {
  return c < 128 && WEAK[c] === 1;
}

// ---------------------------------------------------------------------------------------------
// atom helpers

/** A run of digits with an optional fraction and exponent, optionally signed, or 0x-hex. */
function isNumber(s: string): boolean {
  const n = s.length;
  let i = 0;
  if (n === 0) return false;
  let c = s.charCodeAt(0);
  if (c === 43 || c === 45) i++; // + -
  if (i >= n) return false;
  // 0x... hex
  if (s.charCodeAt(i) === C_0 && i + 1 < n && (s.charCodeAt(i + 1) | 32) === 120) {
    if (i + 2 >= n) return false;
    for (let j = i + 2; j < n; j++) if (!isHex(s.charCodeAt(j))) return false;
    return true;
  }
  let digits = 0;
  let groupDigits = 0;
  for (; i < n; i++) {
    c = s.charCodeAt(i);
    if (isDigit(c)) {
      digits++;
      groupDigits++;
    } else if (c === 46 || c === 44) {
      // '.' (decimal, dotted quad, version) — comma never reaches an atom, kept for safety
      if (groupDigits === 0) return false;
      groupDigits = 0;
    } else if ((c | 32) === 101 && digits > 0 && i + 1 < n) {
      // exponent
      let j = i + 1;
      const e = s.charCodeAt(j);
      if (e === 43 || e === 45) j++;
      if (j >= n) return false;
      for (; j < n; j++) if (!isDigit(s.charCodeAt(j))) return false;
      return true;
    } else return false;
  }
  return digits > 0 && groupDigits > 0;
}

/** A part of an atom that looks like a value rather than a word. */
function isNumericPart(s: string, from: number, to: number): boolean {
  if (to <= from) return false;
  const c0 = s.charCodeAt(from);
  if (isDigit(c0)) return true;
  // hex-only run of >= 8 chars (hashes, addresses, ffffffff)
  let allHex = true;
  let hasDigit = false;
  let letters = 0;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (!isHex(c)) allHex = false;
    if (isDigit(c)) hasDigit = true;
  }
  if (allHex && to - from >= 8) return true;
  // upper-case letters mixed with digits, 6+ characters: FNANLI5, 8H4NJUR (not HTTP2, UTF8)
  if (to - from >= 6 && hasDigit) {
    let upperDigit = true;
    for (let i = from; i < to; i++) {
      const c = s.charCodeAt(i);
      if (!(isDigit(c) || (c >= 65 && c <= 90))) { upperDigit = false; break; }
    }
    if (upperDigit) return true;
  }
  // letters followed by a run of digits: J12, R02, bglio559 (but not v2, ssh2, md5, C1)
  let i = from;
  while (i < to && isAlpha(s.charCodeAt(i))) {
    i++;
    letters++;
  }
  if (letters === 0 || i === to) return false;
  let digits = 0;
  while (i < to && isDigit(s.charCodeAt(i))) {
    i++;
    digits++;
  }
  if (i !== to) return false;
  return (letters <= 2 && digits >= 2) || digits >= 3;
}

/** Does any weak-delimited part of the atom look like a value? */
function hasNumericPart(s: string): boolean {
  let start = 0;
  const n = s.length;
  for (let i = 0; i <= n; i++) {
    if (i === n || isWeak(s.charCodeAt(i))) {
      if (isNumericPart(s, start, i)) return true;
      start = i + 1;
    }
  }
  return false;
}

function isUuid(s: string): boolean {
  if (s.length !== 36) return false;
  for (let i = 0; i < 36; i++) {
    const c = s.charCodeAt(i);
    if (i === 8 || i === 13 || i === 18 || i === 23) {
      if (c !== 45) return false;
    } else if (!isHex(c)) return false;
  }
  return true;
}

/** A message ending in at least this many `<*>` words ends in one `<*>` instead (a list of values). */
export const TRAILING_LIST_MIN = 3;

const KEYWORDS = new Set(['true', 'false', 'null', 'root', 'admin']);
/** First letters of the keywords (lower case), to skip the set lookup for most words. */
const KEYWORD_FIRST = new Uint8Array(128);
for (const k of KEYWORDS) KEYWORD_FIRST[k.charCodeAt(0)] = 1;

// ---------------------------------------------------------------------------------------------
// built-in rules

/** URL `scheme://rest`: host:port keeps its shape (`<*>:<*>`), anything longer becomes `<*>`. */
const urlRule: MaskRule = {
  name: 'url',
  scope: 'word',
  description: 'scheme://host:port → scheme://<*>:<*>; scheme://anything-else-with-digits → scheme://<*>',
  apply(word) {
    const at = word.indexOf('://');
    if (at <= 0) return undefined;
    let s = at;
    while (s > 0) {
      const c = word.charCodeAt(s - 1);
      if (isAlnum(c) || c === 43 || c === 45 || c === 46) s--;
      else break;
    }
    if (s === at || !isAlpha(word.charCodeAt(s))) return undefined;
    let e = at + 3;
    while (e < word.length) {
      const c = word.charCodeAt(e);
      // end of URL: quotes, brackets, comma, semicolon, pipe, angle brackets
      if (c === 34 || c === 39 || c === 40 || c === 41 || c === 91 || c === 93 || c === 123 || c === 125 || c === 44 || c === 59 || c === 124 || c === 60 || c === 62) break;
      e++;
    }
    while (e > at + 3 && (word.charCodeAt(e - 1) === 46 || word.charCodeAt(e - 1) === 58)) e--; // trailing . or :
    const rest = word.slice(at + 3, e);
    let hasDigit = false;
    for (let i = 0; i < rest.length; i++) if (isDigit(rest.charCodeAt(i))) { hasDigit = true; break; }
    if (!hasDigit) return undefined;
    let masked: string;
    const colon = rest.lastIndexOf(':');
    let hostPort = colon > 0 && colon < rest.length - 1;
    if (hostPort) {
      for (let i = 0; i < rest.length; i++) {
        const c = rest.charCodeAt(i);
        if (c === 47 || c === 64 || c === 63 || c === 35) { hostPort = false; break; } // / @ ? #
      }
      for (let i = colon + 1; hostPort && i < rest.length; i++) if (!isDigit(rest.charCodeAt(i))) hostPort = false;
    }
    if (hostPort) {
      const host = rest.slice(0, colon);
      let hostDigit = false;
      for (let i = 0; i < host.length; i++) if (isDigit(host.charCodeAt(i))) { hostDigit = true; break; }
      masked = (hostDigit ? WILDCARD : host) + ':' + WILDCARD;
    } else masked = WILDCARD;
    return word.slice(0, at + 3) + masked + word.slice(e);
  },
};

/** Characters of an e-mail local part (RFC 5322 dot-atom, the common subset). */
function isLocalChar(c: number): boolean {
  return isAlnum(c) || c === 46 || c === 95 || c === 37 || c === 43 || c === 45;
}
/** Characters of a DNS name. */
function isDnsChar(c: number): boolean {
  return isAlnum(c) || c === 46 || c === 45;
}

/**
 * End of a DNS name of 2+ labels starting at `from` (letters, digits, hyphens; the last label
 * alphabetic, 2-63 characters), or -1.
 */
function dnsNameEnd(w: string, from: number, lowerOnly: boolean): number {
  let e = from;
  while (e < w.length && isDnsChar(w.charCodeAt(e))) e++;
  while (e > from && (w.charCodeAt(e - 1) === 46 || w.charCodeAt(e - 1) === 45)) e--; // sentence dot
  const name = w.slice(from, e);
  const dot = name.lastIndexOf('.');
  if (dot <= 0 || name.indexOf('..') >= 0 || !isAlnum(name.charCodeAt(0))) return -1;
  const tld = name.slice(dot + 1);
  if (tld.length < 2 || tld.length > 63) return -1;
  for (let i = 0; i < tld.length; i++) if (!isAlpha(tld.charCodeAt(i))) return -1;
  if (lowerOnly) for (let i = 0; i < name.length; i++) { const c = name.charCodeAt(i); if (c >= 65 && c <= 90) return -1; }
  return e;
}

/** E-mail addresses `local@domain.tld` (RFC 5322 addr-spec without quoting). */
const emailRule: MaskRule = {
  name: 'email',
  scope: 'word',
  minLength: 5,
  requires: '@',
  description: 'e-mail addresses local@example.org → <*>',
  apply(word) {
    let at = word.indexOf('@');
    if (at <= 0) return undefined;
    let out: string | undefined;
    let last = 0;
    while (at > 0) {
      let s = at;
      while (s > last && isLocalChar(word.charCodeAt(s - 1))) s--;
      const e = s < at ? dnsNameEnd(word, at + 1, false) : -1;
      if (e > 0 && isAlnum(word.charCodeAt(s))) {
        out = (out ?? '') + word.slice(last, s) + WILDCARD;
        last = e;
        at = word.indexOf('@', e);
      } else at = word.indexOf('@', at + 1);
    }
    return out === undefined ? undefined : out + word.slice(last);
  },
};

/** File extensions that follow a name before `:line` in stack frames and compiler messages (not host names). */
const SOURCE_EXTENSIONS = new Set(['java', 'scala', 'kt', 'py', 'go', 'js', 'mjs', 'cjs', 'ts', 'tsx', 'jsx', 'rb', 'rs', 'c', 'cc', 'cpp', 'cxx', 'h', 'hpp', 'cs', 'php', 'pl', 'lua', 'ex', 'exs', 'erl', 'swift', 'm', 'sh', 'yaml', 'yml', 'json', 'xml', 'conf', 'cfg', 'ini', 'properties', 'log', 'txt', 'html', 'sql']);

/** `name.domain:port` (RFC 3986 authority): the host name of a host:port pair is a value. */
const hostPortRule: MaskRule = {
  name: 'host-port',
  scope: 'word',
  minLength: 6,
  requires: ':',
  description: 'lower-case DNS names of 2+ labels followed by :port (gw.corp.example:8080) → <*>:port; not file.ext:line',
  apply(word) {
    let colon = word.indexOf(':');
    if (colon < 3) return undefined;
    let out: string | undefined;
    let last = 0;
    while (colon > 0) {
      let p = colon + 1;
      while (p < word.length && isDigit(word.charCodeAt(p))) p++;
      const digits = p - colon - 1;
      const after = p < word.length ? word.charCodeAt(p) : 32;
      const before = word.charCodeAt(colon - 1); // the last letter of a top-level label
      if (before >= 97 && before <= 122 && digits >= 1 && digits <= 5 && !isAlnum(after) && after !== 46 && after !== 58) {
        let s = colon;
        while (s > last && isDnsChar(word.charCodeAt(s - 1))) s--;
        const e = dnsNameEnd(word, s, true);
        if (e === colon && !SOURCE_EXTENSIONS.has(word.slice(word.lastIndexOf('.', colon) + 1, colon))) {
          out = (out ?? '') + word.slice(last, s) + WILDCARD;
          last = colon;
        }
      }
      colon = word.indexOf(':', colon + 1);
    }
    return out === undefined ? undefined : out + word.slice(last);
  },
};

/** IPv6 addresses and MAC addresses: runs of hex groups joined by `:`. */
const ipv6Rule: MaskRule = {
  name: 'ipv6-mac',
  scope: 'word',
  description: 'IPv6 (with ::, hex letters, or 8 groups) and MAC addresses → <*>; times like 20:10:40 are left alone',
  apply(word) {
    const first = word.indexOf(':');
    if (first < 0 || word.indexOf(':', first + 1) < 0) return undefined; // needs two colons
    const n = word.length;
    let out: string | undefined;
    let last = 0;
    let i = 0;
    while (i < n) {
      const c = word.charCodeAt(i);
      if (!(isHex(c) || c === 58)) { i++; continue; }
      // maximal run of hex, ':' and '.' starting here
      const start = i;
      let colons = 0;
      let hexLetter = false;
      let hasDigit = false;
      let doubleColon = false;
      let group = 0;
      let okGroups = true;
      while (i < n) {
        const d = word.charCodeAt(i);
        if (d === 58) {
          colons++;
          if (i > start && word.charCodeAt(i - 1) === 58) doubleColon = true;
          group = 0;
        } else if (isHex(d)) {
          group++;
          if (group > 4) okGroups = false;
          if (isHexLetter(d)) hexLetter = true;
          else hasDigit = true;
        } else if (d === 46) {
          group = 0; // embedded IPv4 tail
        } else break;
        i++;
      }
      const before = start > 0 ? word.charCodeAt(start - 1) : 32;
      const after = i < n ? word.charCodeAt(i) : 32;
      const bounded = !isAlnum(before) && before !== 95 && !isAlnum(after) && after !== 95;
      if (bounded && okGroups && colons >= 2 && (doubleColon || colons >= 5 || (hexLetter && hasDigit))) {
        out = (out ?? '') + word.slice(last, start) + WILDCARD;
        last = i;
      }
    }
    return out === undefined ? undefined : out + word.slice(last);
  },
};

/** A Unix path followed by a query string: `/a/b?x=1&y=2` → `<*>` (the query would otherwise be split at `=`). */
const pathQueryRule: MaskRule = {
  name: 'path-query',
  scope: 'word',
  description: 'absolute path with a ?query (up to a quote, bracket or the end of the word) → <*>',
  apply(word) {
    const q = word.indexOf('?');
    if (q < 2) return undefined;
    // the path starts at the word start or right after a strong delimiter
    let s = q;
    while (s > 0 && !isStrongDelimiter(word.charCodeAt(s - 1))) s--;
    if (word.charCodeAt(s) !== 47 || word.charCodeAt(s + 1) === 47) return undefined;
    let e = q + 1;
    while (e < word.length) {
      const c = word.charCodeAt(e);
      if (c === 34 || c === 39 || c === 41 || c === 93 || c === 125 || c === 62 || c === 44) break; // " ' ) ] } > ,
      e++;
    }
    if (e === q + 1) return undefined;
    return word.slice(0, s) + WILDCARD + word.slice(e);
  },
};

/** Windows paths `C:\dir\file`. */
const windowsPathRule: MaskRule = {
  name: 'windows-path',
  scope: 'word',
  description: 'drive paths like C:\\Users\\x → <*>',
  apply(word) {
    const at = word.indexOf(':\\');
    if (at < 1 || !isAlpha(word.charCodeAt(at - 1))) return undefined;
    if (at >= 2 && isAlnum(word.charCodeAt(at - 2))) return undefined;
    let e = word.length;
    while (e > at && ',;)]}"\'.'.includes(word[e - 1] as string)) e--;
    return word.slice(0, at - 1) + WILDCARD + word.slice(e);
  },
};

/** Unix absolute paths. */
const unixPathRule: MaskRule = {
  name: 'unix-path',
  scope: 'piece',
  description: 'absolute paths /a/b/c (not starting with //) → <*>',
  apply(piece) {
    const n = piece.length;
    if (n < 2 || piece.charCodeAt(0) !== 47 || piece.charCodeAt(1) === 47) return undefined;
    return WILDCARD;
  },
};

/**
 * Random tokens (base64 / base62 keys, session ids, fingerprints): 16+ characters of letters,
 * digits and `+/=_-`, with 2+ digits, 2+ upper-case and 2+ lower-case letters and no run of four
 * lower-case letters (words in CamelCase or paths have such runs; random strings rarely do).
 */
const randomTokenRule: MaskRule = {
  name: 'random-token',
  scope: 'piece',
  minLength: 16,
  description: 'random-looking tokens of 16+ base64 characters (Xk3hP9aQz/Lm0o2bQ…) → <*>',
  apply(piece) {
    const n = piece.length;
    if (n < 16 || piece.charCodeAt(0) === 47) return undefined;
    let digits = 0, upper = 0, lower = 0, run = 0;
    for (let i = 0; i < n; i++) {
      const c = piece.charCodeAt(i);
      if (c >= 97 && c <= 122) {
        lower++;
        if (++run >= 4) return undefined;
        continue;
      }
      run = 0;
      if (isDigit(c)) digits++;
      else if (c >= 65 && c <= 90) upper++;
      else if (c !== 43 && c !== 47 && c !== 61 && c !== 95 && c !== 45) return undefined;
    }
    return digits >= 2 && upper >= 2 && lower >= 2 ? WILDCARD : undefined;
  },
};

/** Month names used by the date rules. */
const MONTH_ABBR = new Set(['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']);

/** The Common Log Format date `10/Oct/2000` (Apache `%t`, also nginx, HAProxy): the month is a value too. */
const clfDateRule: MaskRule = {
  name: 'clf-date',
  scope: 'piece',
  minLength: 11,
  requires: '/',
  description: 'dd/Mon/yyyy (Common Log Format %t) → <*>/<*>/<*>',
  apply(piece) {
    if (piece.length !== 11 || piece.charCodeAt(2) !== 47 || piece.charCodeAt(6) !== 47) return undefined;
    if (!isDigit(piece.charCodeAt(0)) || !isDigit(piece.charCodeAt(1)) || !MONTH_ABBR.has(piece.slice(3, 6))) return undefined;
    for (let i = 7; i < 11; i++) if (!isDigit(piece.charCodeAt(i))) return undefined;
    return `${WILDCARD}/${WILDCARD}/${WILDCARD}`;
  },
};

const TLDS = new Set([
  'com', 'net', 'org', 'edu', 'gov', 'mil', 'int', 'io', 'us', 'uk', 'de', 'cn', 'jp', 'fr', 'ru', 'hk', 'in', 'eu',
  'local', 'localdomain', 'internal', 'lan', 'corp', 'home', 'arpa',
  'info', 'biz', 'co', 'ca', 'au', 'br', 'nl', 'se', 'ch', 'it', 'es', 'kr', 'tw', 'sg', 'cloud', 'dev', 'app', 'example', 'test', 'invalid',
]);

/** Fully qualified host names: three or more dot-separated labels ending in a common TLD. */
const hostnameRule: MaskRule = {
  name: 'hostname',
  scope: 'atom',
  description: 'host names with 3+ labels ending in a common top-level domain (a.example.com, cp-1.vm.cloudlab.us) → <*>',
  apply(a) {
    const dot = a.lastIndexOf('.');
    if (dot <= 0 || dot === a.length - 1 || !isAlpha(a.charCodeAt(dot + 1))) return undefined;
    if (!TLDS.has(a.slice(dot + 1))) return undefined;
    let dots = 0;
    let prev = 46;
    for (let i = 0; i < a.length; i++) {
      const c = a.charCodeAt(i);
      if (c === 46) {
        if (prev === 46) return undefined;
        dots++;
      } else if (!isAlnum(c) && c !== 45 && c !== 95) return undefined;
      prev = c;
    }
    return dots >= 2 ? WILDCARD : undefined;
  },
};

const uuidRule: MaskRule = {
  name: 'uuid',
  scope: 'atom',
  description: '8-4-4-4-12 hex UUIDs → <*>',
  apply: (a) => (isUuid(a) ? WILDCARD : undefined),
};

const keywordRule: MaskRule = {
  name: 'bool-null-user',
  scope: 'atom',
  description: 'true, false, null, root, admin (any case) → <*> (Loghub-2.0 labelling rules BL/US)',
  apply(a) {
    const n = a.length;
    if (n < 4 || n > 5) return undefined;
    return KEYWORDS.has(a.toLowerCase()) ? WILDCARD : undefined;
  },
};

const numberRule: MaskRule = {
  name: 'number',
  scope: 'atom',
  description: 'integers, decimals, dotted numbers (IPv4, versions), exponents, 0x-hex, with sign → <*>',
  apply: (a) => (isNumber(a) ? WILDCARD : undefined),
};

const dateRule: MaskRule = {
  name: 'dash-date',
  scope: 'atom',
  description: 'digit groups joined by - (dates like 2017-05-16) → <*>-<*>-<*>',
  apply(a) {
    const n = a.length;
    if (n < 3 || !isDigit(a.charCodeAt(0)) || !isDigit(a.charCodeAt(n - 1))) return undefined;
    let dashes = 0;
    for (let i = 0; i < n; i++) {
      const c = a.charCodeAt(i);
      if (c === 45) {
        if (a.charCodeAt(i - 1) === 45) return undefined;
        dashes++;
      } else if (!isDigit(c)) return undefined;
    }
    if (dashes < 2) return undefined;
    return new Array(dashes + 1).fill(WILDCARD).join('-');
  },
};

const hexRule: MaskRule = {
  name: 'hex-id',
  scope: 'atom',
  description: 'hex strings of 8+ characters (hashes, addresses, ffffffff) → <*>',
  apply: (a) => (isNumericPart(a, 0, a.length) && !isDigit(a.charCodeAt(0)) ? WILDCARD : undefined),
};

const unitRule: MaskRule = {
  name: 'number-with-unit',
  scope: 'atom',
  description: 'numbers with a unit or suffix (10ms, 5.2KB, 99%) → <*>',
  apply(a) {
    const n = a.length;
    let i = 0;
    while (i < n && (isDigit(a.charCodeAt(i)) || a.charCodeAt(i) === 46)) i++;
    if (i === 0 || i === n || !isDigit(a.charCodeAt(0))) return undefined;
    for (let j = i; j < n; j++) if (!isAlpha(a.charCodeAt(j)) && a.charCodeAt(j) !== 37) return undefined;
    return n - i <= 4 ? WILDCARD : undefined;
  },
};

const prefixedIdRule: MaskRule = {
  name: 'prefixed-id',
  scope: 'atom',
  description: 'a word prefix joined by . or - to a value (all of whose parts look like values) keeps the prefix: core.2275 → core.<*>, jetty-6.1.26 → jetty-<*>, ......0 → ......<*>',
  apply(a) {
    const n = a.length;
    // a dot leader (3+ dots) before a value keeps everything up to it: L3.........0, i-fetch.....0
    const leader = a.lastIndexOf('...');
    if (leader >= 0) {
      let e = leader + 3;
      while (e < n && a.charCodeAt(e) === 46) e++;
      return e < n && isNumericPart(a, e, n) ? a.slice(0, e) + WILDCARD : undefined;
    }
    let i = 0;
    while (i < n && isAlpha(a.charCodeAt(i))) i++;
    const letters = i;
    while (i < n && (a.charCodeAt(i) === 46 || a.charCodeAt(i) === 45)) i++;
    const seps = i - letters;
    if (seps === 0 || i === n) return undefined;
    if (letters === 0 && seps < 2) return undefined;
    // every part of the rest must look like a value (so host names such as cp-1.vm1.example.org do not qualify)
    let start = i;
    for (let j = i; j <= n; j++) {
      if (j === n || isWeak(a.charCodeAt(j))) {
        if (j > start && !isNumericPart(a, start, j)) return undefined;
        start = j + 1;
      }
    }
    return a.slice(0, i) + WILDCARD;
  },
};

const compoundIdRule: MaskRule = {
  name: 'compound-id',
  scope: 'atom',
  description: 'any id whose ._-+ separated parts include a value (blk_-123, rdd_2_0, attempt_1_0020_m_5, R02-M1-N0) → <*>',
  apply: (a) => (hasNumericPart(a) ? WILDCARD : undefined),
};

const WEEKDAYS = new Set(['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday']);
const MONTHS = new Set([
  'Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Sept', 'Oct', 'Nov', 'Dec',
  'January', 'February', 'March', 'April', 'June', 'July', 'August', 'September', 'October', 'November', 'December',
]);

function isTimeToken(t: string | undefined): boolean {
  return t === '<*>:<*>:<*>' || t === '<*>:<*>';
}

function isZone(t: string | undefined): boolean {
  if (t === undefined || t.length < 2 || t.length > 5) return false;
  for (let i = 0; i < t.length; i++) {
    const c = t.charCodeAt(i);
    if (c < 65 || c > 90) return false;
  }
  return true;
}

/**
 * Rule `date-phrase`, run on the masked words: `[Weekday] Month <*> <*>:<*>:<*> [ZONE] [<*>]`
 * (syslog / ctime dates inside a message) becomes one `<*>`. Edits the array in place.
 */
function collapseDatePhrases(toks: string[]): void {
  for (let i = 0; i < toks.length; i++) {
    let t = toks[i] as string;
    // an RFC 3164 PRI glued to the month: <13>Oct 11 22:14:15 → <<*>> then the date
    const pri = t.startsWith('<<*>>') ? '<<*>>' : '';
    if (pri) t = t.slice(pri.length);
    const c = t.charCodeAt(0);
    if (c < 65 || c > 90 || t.length < 3 || t.length > 9 || !MONTHS.has(t)) continue;
    if (toks[i + 1] !== WILDCARD || !isTimeToken(toks[i + 2])) continue;
    const start = !pri && i > 0 && WEEKDAYS.has(toks[i - 1] as string) ? i - 1 : i;
    let end = i + 3;
    if (isZone(toks[end])) end++;
    if (toks[end] === WILDCARD) end++;
    toks.splice(start, end - start, pri + WILDCARD);
    i = start;
  }
}

/** Descriptor of the date-phrase step (it runs on the masked words, after the other rules). */
const datePhraseRule: MaskRule = {
  name: 'date-phrase',
  scope: 'word',
  description: '[Weekday] Month day hh:mm[:ss] [ZONE] [year] inside a message → one <*> (runs on the masked words)',
  apply: () => undefined,
};

/** The built-in rules, in the order they are tried within each scope. */
export const DEFAULT_MASK_RULES: readonly MaskRule[] = Object.freeze([
  urlRule,
  emailRule,
  ipv6Rule,
  hostPortRule,
  pathQueryRule,
  windowsPathRule,
  unixPathRule,
  clfDateRule,
  randomTokenRule,
  uuidRule,
  hostnameRule,
  keywordRule,
  numberRule,
  dateRule,
  hexRule,
  unitRule,
  prefixedIdRule,
  compoundIdRule,
  datePhraseRule,
]);

/**
 * Makes an extra rule from a regular expression; every match inside the text of the given scope
 * is replaced by `<*>` (or by `replacement`).
 * @param name stable rule name (it is recorded in saved state)
 * @param pattern the regex; the `g` flag is added when missing
 */
export function regexRule(name: string, pattern: RegExp, scope: MaskScope = 'atom', replacement = WILDCARD): MaskRule {
  const re = new RegExp(pattern.source, pattern.flags.includes('g') ? pattern.flags : pattern.flags + 'g');
  return {
    name,
    scope,
    description: `regex ${pattern}`,
    apply(text) {
      re.lastIndex = 0;
      if (!re.test(text)) return undefined;
      re.lastIndex = 0;
      return text.replace(re, replacement);
    },
  };
}

// ---------------------------------------------------------------------------------------------
// the masker

/** Character classes of the tokenizer's scan (ASCII; anything else is CC_OTHER). */
const CC_OTHER = 0;
const CC_SPACE = 1;
const CC_DIGIT = 2;
const CC_DOT = 3;
const CC_BRACKET = 4;
/** `/`, `\\` and `@`: a word with one of them takes the full rules. */
const CC_MARK = 5;
const CHAR_CLASS = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  if (isSpace(c)) CHAR_CLASS[c] = CC_SPACE;
  else if (isDigit(c)) CHAR_CLASS[c] = CC_DIGIT;
}
CHAR_CLASS[46] = CC_DOT;
for (const ch of '()[]') CHAR_CLASS[ch.charCodeAt(0)] = CC_BRACKET;
for (const ch of '/\\@') CHAR_CLASS[ch.charCodeAt(0)] = CC_MARK;

/** Words of messages longer than this are copied before they enter the word cache. */
const MEMO_DETACH_OVER = 256;
/**
 * Slots of a masker's word cache (a power of two; 256 KiB for both arrays). Allocated at full size:
 * a cache that grew while words missed started empty each time (all words masked again), and the
 * new arrays made the optimized tokenizer deoptimize.
 */
const MEMO_SLOTS = 1 << 14;

/**
 * Applies an ordered rule list to messages. Create once and reuse: it keeps no per-message state, only
 * a bounded cache of recently masked words (a speed aid; a word masks the same wherever it occurs).
 */
export class Masker {
  readonly rules: readonly MaskRule[];
  private wordRules: MaskRule[];
  private readonly pieceRules: MaskRule[];
  private readonly atomRules: MaskRule[];
  /** Only the built-in rules: words without digits, slashes or backslashes need the keyword check only. */
  private readonly fastPath: boolean;
  /** Whether the date-phrase step (a rule that runs on the masked words) is enabled. */
  private readonly datePhrases: boolean;
  /** Only built-in rules, among them `number` or `compound-id`: a word of digits and inner dots is `<*>`. */
  private readonly numbersWild: boolean;
  /** Words seen recently and their masked form, by a hash of the word (a speed aid only). */
  private readonly memoWords: (string | undefined)[] = new Array<string | undefined>(MEMO_SLOTS).fill(undefined);
  private readonly memoMasked: string[] = new Array<string>(MEMO_SLOTS).fill('');

  /** @param rules ordered rules; defaults to {@link DEFAULT_MASK_RULES} */
  constructor(rules: readonly MaskRule[] = DEFAULT_MASK_RULES) {
    const names = new Set<string>();
    for (const r of rules) {
      if (names.has(r.name)) throw new Error(`template masking: duplicate rule name "${r.name}"`);
      names.add(r.name);
    }
    this.rules = rules;
    this.wordRules = rules.filter((r) => r.scope === 'word');
    this.pieceRules = rules.filter((r) => r.scope === 'piece');
    this.atomRules = rules.filter((r) => r.scope === 'atom');
    this.fastPath = rules.every((r) => DEFAULT_MASK_RULES.includes(r));
    this.datePhrases = rules.includes(datePhraseRule);
    this.numbersWild = this.fastPath && (rules.includes(numberRule) || rules.includes(compoundIdRule));
    this.wordRules = this.wordRules.filter((r) => r !== datePhraseRule);
  }

  /**
   * Splits a message on whitespace and masks each word.
   * @returns the masked words (template tokens); empty for a blank message
   */
  tokenize(message: string): string[] {
    const out: string[] = [];
    const n = message.length;
    const memoWords = this.memoWords;
    const memoMasked = this.memoMasked;
    const memoMask = MEMO_SLOTS - 1;
    let i = 0;
    while (i < n) {
      while (i < n && isSpace(message.charCodeAt(i))) i++;
      if (i >= n) break;
      const start = i;
      let plain = true; // no digit, slash, backslash or @, at most one dot
      let dots = 0;
      // numbers (digits with single inner dots: integers, decimals, versions, IPv4), possibly
      // between brackets `( ) [ ]`: each number is `<*>` whatever rule masks it
      let numeric = true;
      let kind = 0; // previous character: 0 word start or bracket, 1 digit, 2 dot
      let brackets = 0;
      let h = 0;
      while (i < n) {
        const c = message.charCodeAt(i);
        const k = c < 128 ? (CHAR_CLASS[c] as number) : CC_OTHER;
        if (k === CC_OTHER) numeric = false;
        else if (k === CC_SPACE) break;
        else if (k === CC_DIGIT) {
          plain = false;
          kind = 1;
        } else if (k === CC_DOT) {
          dots++;
          if (kind !== 1) numeric = false;
          kind = 2;
        } else if (k === CC_BRACKET) {
          if (kind === 2) numeric = false;
          kind = 0;
          brackets++;
        } else {
          plain = false; // CC_MARK
          numeric = false;
        }
        h = (Math.imul(h, 31) + c) | 0;
        i++;
      }
      if (numeric && kind !== 2 && this.numbersWild) {
        out.push(brackets === 0 ? WILDCARD : maskBracketedNumbers(message, start, i));
        continue;
      }
      // a word seen recently: its masked form (masking a word depends on the word only)
      const len = i - start;
      const slot = (h ^ (h >>> 13)) & memoMask;
      const known = memoWords[slot];
      if (known !== undefined && known.length === len) {
        let k = 0;
        while (k < len && known.charCodeAt(k) === message.charCodeAt(start + k)) k++;
        if (k === len) {
          out.push(memoMasked[slot] as string);
          continue;
        }
      }
      // rare once warm: out of line, so that this loop's optimized code does not depend on it
      const masked = this.maskMissed(message, start, i, slot, plain && dots < 2);
      out.push(masked);
    }
    if (this.datePhrases) collapseDatePhrases(out);
    // a variable-length list of values at the end of a message is one variable
    let k = out.length;
    while (k > 0 && out[k - 1] === WILDCARD) k--;
    if (out.length - k >= TRAILING_LIST_MIN) out.length = k + 1;
    return out;
  }

  /**
   * Masks a word the word cache did not hold and stores it in `slot`. `plainWord`: no digit, slash,
   * backslash or `@` and at most one dot.
   */
  private maskMissed(message: string, start: number, end: number, slot: number, plainWord: boolean): string {
    let word = message.slice(start, end);
    // the cache outlives the message: a word cut from a long one must not keep all of it alive
    if (message.length > MEMO_DETACH_OVER && end - start >= 13) word = detach(word);
    // one call site, every read on every call: an operation first reached on a later call would
    // deoptimize the tokenizer this is inlined in (≈ 30 ms of a 4,096-line chunk back in the interpreter)
    const plainMask = this.maskPlainWord;
    const fullMask = this.maskWord;
    const mask = this.fastPath && plainWord ? plainMask : fullMask;
    const masked = mask.call(this, word);
    this.memoWords[slot] = word;
    this.memoMasked[slot] = masked;
    return masked;
  }

  /** Masks a whole message and joins the words with single spaces. */
  mask(message: string): string {
    return this.tokenize(message).join(' ');
  }

  /** A word with no digit, `/` or `\`: only the keyword rule can apply, to one of its pieces. */
  private maskPlainWord(word: string): string {
    const n = word.length;
    if (n < 4) return word;
    let start = 0;
    for (let i = 0; i <= n; i++) {
      if (i === n || isStrongDelimiter(word.charCodeAt(i))) {
        const len = i - start;
        if ((len === 4 || len === 5) && KEYWORD_FIRST[word.charCodeAt(start) | 32] === 1 && KEYWORDS.has(word.slice(start, i).toLowerCase())) {
          return this.maskWord(word);
        }
        start = i + 1;
      }
    }
    return word;
  }

  /** Masks one whitespace-free word through the word, piece and atom rules. */
  maskWord(word: string): string {
    let w = word;
    for (const r of this.wordRules) {
      if ((r.minLength !== undefined && w.length < r.minLength) || (r.requires !== undefined && w.indexOf(r.requires) < 0)) continue;
      const m = r.apply(w);
      if (m !== undefined) w = m;
    }
    // split into pieces at strong delimiters; wildcards from word rules pass through unchanged
    let out = '';
    let start = 0;
    const n = w.length;
    for (let i = 0; i <= n; i++) {
      const c = i < n ? w.charCodeAt(i) : 32;
      if (i === n || isStrongDelimiter(c)) {
        if (i > start) {
          const piece = w.slice(start, i);
          // the key of key=value is a name (r24=..., fpr29=...) unless it is a plain number
          if (c === 61 && !isNumber(piece)) out += piece;
          else out += this.maskPiece(piece);
        }
        if (i < n) out += w[i];
        start = i + 1;
      }
    }
    // a comma-separated list of values without spaces is one variable: <*>,<*> → <*>
    return out.indexOf('<*>,<*>') < 0 ? out : collapseLists(out);
  }

  private maskPiece(piece: string): string {
    if (piece === '*') return piece; // the middle of a <*> left by a word rule
    // the rest of a URL without digits (left literal by the url rule)
    if (piece.charCodeAt(0) === 47 && piece.charCodeAt(1) === 47 && this.wordRules.includes(urlRule)) return piece;
    for (const r of this.pieceRules) {
      if ((r.minLength !== undefined && piece.length < r.minLength) || (r.requires !== undefined && piece.indexOf(r.requires) < 0)) continue;
      const m = r.apply(piece);
      if (m !== undefined) return m;
    }
    if (piece.indexOf('/') < 0) return this.maskAtom(piece);
    let out = '';
    let start = 0;
    for (let i = 0; i <= piece.length; i++) {
      if (i === piece.length || piece.charCodeAt(i) === 47) {
        if (i > start) out += this.maskAtom(piece.slice(start, i));
        if (i < piece.length) out += '/';
        start = i + 1;
      }
    }
    return out;
  }

  private maskAtom(atom: string): string {
    // trailing sentence dots stay literal: "1234." → "<*>."
    let end = atom.length;
    while (end > 1 && atom.charCodeAt(end - 1) === 46) end--;
    const core = end === atom.length ? atom : atom.slice(0, end);
    // without a digit or a run of 8+ hex characters, only these built-in atom rules can apply
    const valueFree = this.fastPath && isValueFree(core);
    for (const r of this.atomRules) {
      if (valueFree && r !== hostnameRule && r !== keywordRule && r !== prefixedIdRule) continue;
      const m = r.apply(core);
      if (m !== undefined) return end === atom.length ? m : m + atom.slice(end);
    }
    return atom;
  }
}

/** A copy of `s` that does not share the memory of the string it was cut from (V8 slices of 13+ characters do). */
function detach(s: string): string {
  return (' ' + s).slice(1);
}

/**
 * No digit and no run of 8 or more hex characters: then the built-in atom rules for numbers, dates,
 * UUIDs, hex ids, units and compound ids cannot apply (each needs a digit or such a run).
 */
function isValueFree(a: string): boolean {
  let hexRun = 0;
  for (let i = 0; i < a.length; i++) {
    const c = a.charCodeAt(i);
    if (isDigit(c)) return false;
    if (isHexLetter(c)) {
      if (++hexRun >= 8) return false;
    } else hexRun = 0;
  }
  return true;
}

/** Index of a bracket in {@link BRACKETED}: 1-4 for `( ) [ ]`, 0 for anything else. */
function bracketIndex(c: number): number {
  return c === 40 ? 1 : c === 41 ? 2 : c === 91 ? 3 : c === 93 ? 4 : 0;
}

/** `<*>` with at most one bracket before and after, by 5 × bracketIndex(before) + bracketIndex(after): shared strings. */
const BRACKETED: readonly string[] = (() => {
  const b = ['', '(', ')', '[', ']'];
  const out: string[] = [];
  for (const x of b) for (const y of b) out.push(x + WILDCARD + y);
  return out;
})();

/** `(12)` → `(<*>)`, `[3.5]` → `[<*>]`: the brackets stay, each number between them becomes `<*>`. */
function maskBracketedNumbers(message: string, start: number, end: number): string {
  // the usual shape, one number with a bracket before and/or after (`(12)`, `3)`), is a shared string
  const before = bracketIndex(message.charCodeAt(start));
  const after = bracketIndex(message.charCodeAt(end - 1));
  const from = before === 0 ? start : start + 1;
  const to = after === 0 ? end : end - 1;
  let one = from < to;
  for (let i = from; one && i < to; i++) if (bracketIndex(message.charCodeAt(i)) !== 0) one = false;
  if (one) return BRACKETED[before * 5 + after] as string;
  let out = '';
  let inNumber = false;
  for (let i = start; i < end; i++) {
    const c = message.charCodeAt(i);
    if (c === 40 || c === 41 || c === 91 || c === 93) {
      out += message[i];
      inNumber = false;
    } else if (!inNumber) {
      out += WILDCARD;
      inNumber = true;
    }
  }
  return out;
}

function collapseLists(s: string): string {
  let prev: string;
  do {
    prev = s;
    s = s.replaceAll('<*>,<*>', WILDCARD);
  } while (s !== prev);
  return s;
}

/** Masks one text with a single rule, as the masker would at that rule's scope (for tests and docs). */
export function applyRule(rule: MaskRule, text: string): string | undefined {
  return rule.apply(text);
}

/** Finds a built-in rule by name. */
export function builtInRule(name: string): MaskRule | undefined {
  return DEFAULT_MASK_RULES.find((r) => r.name === name);
}
