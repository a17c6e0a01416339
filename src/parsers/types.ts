/**
 * Contracts of the application-parser stage: one parser per application family, each a pure
 * `text → canonical fields` function writing into a FieldWriter.
 *
 * May import: core, schema.
 */
import type { FieldWriter } from '../core/fields.js';

/** What the pipeline knows about the line's origin; parsers use it only as hints. */
export interface ParseContext {
  /** Parser family suggested by the source (config, image name, labels), tried first. */
  readonly hint?: string;
  /** Runtime timestamp of the (first) line in µs UTC, if the envelope had one. */
  readonly observedMicros?: number;
  /**
   * Offset in minutes to apply to zone-less timestamps in lines (log4j `yy/MM/dd HH:mm:ss`,
   * Kafka `[yyyy-MM-dd HH:mm:ss,SSS]`). Default 0 (UTC), configurable per source.
   */
  readonly defaultTzOffsetMinutes?: number;
  /** The PostgreSQL servers' `log_line_prefix`, when configured (`--pg-log-line-prefix`). */
  readonly pgPrefix?: LogLinePrefix;
}

/** A compiled PostgreSQL `log_line_prefix` (postgres/log-line-prefix.ts). */
export interface LogLinePrefix {
  /** The setting as given. */
  readonly spec: string;
  readonly re: RegExp;
  /** Escape letter of each capture group, in order. */
  readonly letters: readonly string[];
}

/**
 * An application-format parser. `parse` returns false WITHOUT writing anything when the text is
 * not its format; when it returns true it has written at least `message`, and `ts`/`severity`
 * when the text carries them (severity normalized via normalizeSeverity).
 */
export interface AppParser {
  /** Family name used in source_format and hints: spark, kafka, postgres, json, logfmt, fallback. */
  readonly name: string;
  parse(text: string, out: FieldWriter, ctx: ParseContext): boolean;
}
