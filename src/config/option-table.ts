/**
 * One option table per command: the same entries drive flag parsing, the JSON config file
 * (`--config`, snake_case keys), validation with one-line errors, and `loglake <command> --help`.
 * Adding a flag is adding one entry to the command's list in `commands.ts`.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { existsSync, readFileSync } from 'node:fs';
import { LoglakeError, UsageError } from '../core/errors.js';
import { parseDuration, parseTime } from './time-grammar.js';

/**
 * How a value is read: `string` as is; `boolean` a switch; `int` an integer ≥ `min` (default 0);
 * `duration` milliseconds (`30s`, `5m`, `2h`, `7d`); `time` epoch milliseconds (ISO-8601 or a
 * duration ago); `choice` one of `choices`.
 */
export type OptionKind = 'string' | 'boolean' | 'int' | 'duration' | 'time' | 'choice';

export interface OptionSpec {
  /** Flag name without dashes, kebab-case (`commit-bytes`). */
  name: string;
  kind: OptionKind;
  /** One-line (or short) description for --help. */
  help: string;
  /** Placeholder shown in --help (`<dir>`); defaults by kind. */
  arg?: string;
  /** Shown as "(default …)" in --help; parsed values stay undefined when the flag is absent. */
  default?: string;
  choices?: readonly string[];
  /** Smallest accepted int (default 0) or duration in ms. */
  min?: number;
  /** May be given more than once (values collect into an array). */
  multiple?: boolean;
  /** snake_case key in the JSON config file; only options with a key may be set there. */
  config?: string;
  /** Required: a missing value is a usage error ("<command> needs --<name> …"). */
  required?: boolean;
}

export interface CommandSpec {
  name: string;
  /** Synopsis after `loglake `, e.g. `ingest <path|glob|s3://…|->... --warehouse <dir> [options]`. */
  usage: string;
  /** One line for the command overview. */
  summary: string;
  options: readonly OptionSpec[];
  /** Positional arguments: none, exactly one, or any number. */
  positionals: 'none' | 'one' | 'any';
  /** What the positionals are, for the error when their count is wrong ("at least one input path"). */
  positionalError?: string;
  /** Extra paragraphs printed after the options in --help. */
  notes?: string;
}

/** Parsed values by flag name (converted per kind; absent flags are undefined). */
export type OptionValues = Record<string, string | boolean | number | string[] | undefined>;

const PLACEHOLDER: Record<OptionKind, string> = { string: '<value>', boolean: '', int: '<n>', duration: '<duration>', time: '<time>', choice: '<value>' };

/** The node:util parseArgs options of a command (every command also takes --debug and --help). */
export function parseArgsOptions(spec: CommandSpec): NonNullable<ParseArgsConfig['options']> {
  const o: NonNullable<ParseArgsConfig['options']> = { debug: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } };
  for (const opt of spec.options) o[opt.name] = opt.multiple ? { type: opt.kind === 'boolean' ? 'boolean' : 'string', multiple: true } : { type: opt.kind === 'boolean' ? 'boolean' : 'string' };
  return o;
}

/** True when `argv` asks for help (`--help` or `-h` before a `--`). */
export function wantsHelp(argv: readonly string[]): boolean {
  for (const a of argv) {
    if (a === '--') return false;
    if (a === '--help' || a === '-h') return true;
  }
  return false;
}

/** Converts one raw value of `opt` (from a flag or the config file). */
export function convertValue(opt: OptionSpec, raw: unknown): string | boolean | number {
  const flag = opt.name;
  if (opt.kind === 'boolean') {
    if (typeof raw !== 'boolean') throw new UsageError(`--${flag} is a switch (true or false), got "${String(raw)}"`);
    return raw;
  }
  const s = String(raw);
  switch (opt.kind) {
    case 'int': {
      const n = Number(s);
      const min = opt.min ?? 0;
      if (s.trim() === '' || !Number.isInteger(n) || n < min) throw new UsageError(`--${flag} must be an integer >= ${min}, got "${s}"`);
      return n;
    }
    case 'duration':
      return parseDuration(flag, s, opt.min ?? 0);
    case 'time':
      return parseTime(flag, s);
    case 'choice':
      if (!opt.choices!.includes(s)) throw new UsageError(`--${flag} must be one of ${opt.choices!.join(', ')}, got "${s}"`);
      return s;
    default:
      return s;
  }
}

/** Reads a JSON config file holding an object whose keys are config keys of `spec`. */
export function loadConfigFile(spec: CommandSpec, path: string): Record<string, unknown> {
  if (!existsSync(path)) throw new LoglakeError('CONFIG_INVALID', `config file not found: ${path}`);
  let cfg: unknown;
  try {
    cfg = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new LoglakeError('CONFIG_INVALID', `config file ${path} is not valid JSON: ${(e as Error).message}`);
  }
  if (!cfg || typeof cfg !== 'object' || Array.isArray(cfg)) throw new LoglakeError('CONFIG_INVALID', `config file ${path} must hold a JSON object`);
  const keys = spec.options.filter((o) => o.config).map((o) => o.config!);
  for (const k of Object.keys(cfg)) {
    if (!keys.includes(k)) throw new LoglakeError('CONFIG_INVALID', `config file ${path}: unknown key "${k}" (known: ${keys.join(', ')})`);
  }
  return cfg as Record<string, unknown>;
}

/**
 * Parses `argv` for `spec`: strict flags, the config file named by `--config` (when the command
 * has that option; flags override it), conversion and validation of every value, required flags
 * and the positional count. Errors are one-line UsageErrors (exit 2) or CONFIG_INVALID (exit 1).
 */
export function parseCommandLine(spec: CommandSpec, argv: string[]): { values: OptionValues; positionals: string[] } {
  let r;
  try {
    r = parseArgs({ args: argv, options: parseArgsOptions(spec), allowPositionals: spec.positionals !== 'none', strict: true });
  } catch (e) {
    throw new UsageError(`${spec.name}: ` + (e as Error).message.replace(/\. To specify a positional argument.*$/s, '').replace(/^TypeError \[[A-Z_]+\]: /, ''));
  }
  const raw = r.values as Record<string, unknown>;
  const cfg = typeof raw.config === 'string' && spec.options.some((o) => o.name === 'config') ? loadConfigFile(spec, raw.config) : {};
  const values: OptionValues = {};
  for (const opt of spec.options) {
    let v = raw[opt.name];
    if (v === undefined && opt.config) v = cfg[opt.config];
    if (v === undefined) continue;
    values[opt.name] = opt.multiple && Array.isArray(v) ? v.map((x) => String(convertValue(opt, x))) : convertValue(opt, v);
  }
  for (const opt of spec.options) {
    if (opt.required && values[opt.name] === undefined) throw new UsageError(`${spec.name} needs --${opt.name} ${opt.arg ?? PLACEHOLDER[opt.kind]}`.trim());
  }
  const n = r.positionals.length;
  if ((spec.positionals === 'one' && n !== 1) || (spec.positionals === 'any' && spec.positionalError && n === 0)) {
    throw new UsageError(`${spec.name} needs ${spec.positionalError ?? 'exactly one argument'} (loglake ${spec.name} --help)`);
  }
  return { values, positionals: r.positionals };
}

/** `loglake <command> --help`: synopsis, summary, every option with its default, notes. */
export function renderUsage(spec: CommandSpec): string {
  const hasConfig = spec.options.some((o) => o.name === 'config');
  const rows = spec.options.map((o) => {
    const left = `--${o.name}${o.kind === 'boolean' ? '' : ' ' + (o.arg ?? (o.kind === 'choice' ? `<${o.choices!.join('|')}>` : PLACEHOLDER[o.kind]))}`;
    const extra = [o.required ? 'required' : '', o.default !== undefined ? `default ${o.default}` : '', o.multiple ? 'repeatable' : '', hasConfig && o.config ? `config key ${o.config}` : '']
      .filter(Boolean).join('; ');
    return [left, o.help + (extra ? ` (${extra})` : '')] as const;
  });
  rows.push(['--debug', 'show stack traces on errors'], ['--help, -h', 'print this help and exit']);
  const width = Math.min(30, Math.max(...rows.map(([l]) => l.length)) + 2);
  const pad = '\n  ' + ' '.repeat(width);
  const lines = rows.map(([l, h]) => {
    const text = wrap(h, 100 - width - 2).join(pad);
    return l.length + 2 > width ? `  ${l}${pad}${text}` : `  ${l.padEnd(width)}${text}`;
  });
  return `Usage: loglake ${spec.usage}\n\n${spec.summary}\n\nOptions:\n${lines.join('\n')}\n${spec.notes ? '\n' + spec.notes.trimEnd() + '\n' : ''}`;
}

function wrap(text: string, width: number): string[] {
  const out: string[] = [];
  let line = '';
  for (const w of text.split(' ')) {
    if (line && line.length + 1 + w.length > width) {
      out.push(line);
      line = w;
    } else {
      line = line ? line + ' ' + w : w;
    }
  }
  if (line) out.push(line);
  return out;
}

/** `loglake --help`: one line per command. */
export function renderOverview(title: string, commands: readonly CommandSpec[], notes: string): string {
  const width = Math.max(...commands.map((c) => c.name.length)) + 2;
  return `${title}\n\nUsage: loglake <command> [options]   (loglake <command> --help for its options)\n\nCommands:\n` +
    commands.map((c) => `  ${c.name.padEnd(width)}${c.summary}`).join('\n') + `\n  ${'help'.padEnd(width)}this overview; --version prints the version\n\n${notes.trimEnd()}\n`;
}
