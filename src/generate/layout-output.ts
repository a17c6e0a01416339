/**
 * What layout writers hand back: files (content + counts) and the positions of deliberately bad
 * lines, so the ground truth can be computed from exactly what is written.
 *
 * Imports only the model.
 */
import { gzipSync } from 'node:zlib';
import type { AppEvent } from './model.js';

/** Layout names as used in counts and `GenerateResult.layouts`. */
export type LayoutName = 'docker' | 'cri' | 'fluentbit' | 'stdin';

/** One log file to write. `chunks` are the uncompressed lines, each ending in `\n`. */
export interface LogFile {
  /** Path relative to the output directory, with `/` separators. */
  path: string;
  layout: LayoutName;
  service: string;
  chunks: (string | Buffer)[];
  /** Physical lines (records) in the file. */
  lines: number;
  /** Logical events in the file (multi-line events and partial-record groups count once). */
  events: number;
  gzip: boolean;
}

/** A deliberately bad physical line. */
export interface BadLine {
  path: string;
  /** 1-based line number inside the (decompressed) file. */
  line: number;
  count: number;
  kind: string;
  reason: string;
}

/** Encodes a file's content (gzip when asked). */
export function fileBytes(f: LogFile): Buffer {
  const raw = Buffer.concat(f.chunks.map((c) => (typeof c === 'string' ? Buffer.from(c, 'utf8') : c)));
  return f.gzip ? gzipSync(raw, { level: 6 }) : raw;
}

/** The bytes of a bad line as it is stored (`binary` texts use one byte per char code). */
export function rawLine(raw: NonNullable<AppEvent['raw']>): string | Buffer {
  return raw.binary ? Buffer.from(raw.text + '\n', 'latin1') : raw.text + '\n';
}

/** Monotonic runtime clock: the time a runtime stamps on each physical record. */
export class RuntimeClock {
  private lastMs = 0;
  private lastNs = 0;
  /** Next stamp at or after `ms`, strictly after the previous one. */
  stamp(ms: number, jitterNs: number): { ms: number; ns: number } {
    let m = ms;
    let ns = jitterNs;
    if (m < this.lastMs || (m === this.lastMs && ns <= this.lastNs)) {
      m = this.lastMs;
      ns = this.lastNs + 1 + (jitterNs % 5000);
      if (ns > 999_999) {
        m += 1;
        ns -= 1_000_000;
      }
    }
    this.lastMs = m;
    this.lastNs = ns;
    return { ms: m, ns };
  }
}

/** Splits events into consecutive groups of about `targetBytes` each (never inside an event). */
export function splitBySize<T extends { bytes: number }>(items: T[], targetBytes: number): T[][] {
  const out: T[][] = [];
  let cur: T[] = [];
  let size = 0;
  for (const it of items) {
    cur.push(it);
    size += it.bytes;
    if (size >= targetBytes) {
      out.push(cur);
      cur = [];
      size = 0;
    }
  }
  if (cur.length > 0 || out.length === 0) out.push(cur);
  return out;
}
