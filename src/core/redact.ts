/**
 * Credential redaction for every message loglake prints: the password of `user:password@` in any
 * URL (postgresql, mysql, jdbc:…, s3, http…), `password=` / `secret` / `token` / key parameters in
 * query strings, JDBC `;key=value` lists and `KEY=value` pairs, and Oracle's `user/password@host`.
 * The user name and host stay, so the message still says where.
 */

/** What replaces a secret. */
export const REDACTED = '***';

/** Parameter names whose values are secrets (matched case-insensitively, also as a suffix: `AWS_SECRET_ACCESS_KEY`). */
const SECRET_KEY = String.raw`[A-Za-z0-9_.-]*(?:password|passwd|pwd|secret|token|api[_-]?key|access[_-]?key|private[_-]?key|credentials?|signature|sig|auth)`;

const RULES: Array<[RegExp, string]> = [
  // scheme://user:password@host  (any scheme, jdbc:mysql://… included)
  [/(\b[A-Za-z][A-Za-z0-9+.-]*:\/\/[^\s/@:'"]*):([^\s/@'"]*)@/g, `$1:${REDACTED}@`],
  // jdbc:oracle:thin:user/password@host
  [/(\b(?:jdbc:)?oracle:[a-z]+:[^\s/@'"]+)\/([^\s@'"]+)@/gi, `$1/${REDACTED}@`],
  // key=value in query strings, ;-lists, env-style and command lines; "key": "value" in JSON
  [new RegExp(String.raw`(\b${SECRET_KEY}\s*=\s*)("[^"]*"|'[^']*'|[^\s&;,'"]+)`, 'gi'), `$1${REDACTED}`],
  [new RegExp(String.raw`("${SECRET_KEY}"\s*:\s*)"(?:[^"\\]|\\.)*"`, 'gi'), `$1"${REDACTED}"`],
];

/** `text` with every credential replaced by `***`. */
export function redactSecrets(text: string): string {
  let out = text;
  for (const [re, rep] of RULES) out = out.replace(re, rep);
  return out;
}
