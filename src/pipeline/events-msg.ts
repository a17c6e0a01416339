/**
 * The batched events message from the reading thread to the row worker (row-worker-sink.ts →
 * row-worker.ts), built so that posting it costs little per event: the numeric columns of all its
 * events live in one ArrayBuffer (copied: transferring it, and handing it back, measured dearer), the texts
 * are joined into one string, and the per-event strings and objects that repeat (stream, preset
 * level, a Fluent Bit record's Kubernetes metadata) travel as small integer codes into tables whose
 * new entries are sent once, in the message that first uses them.
 */
import type { RecordK8s } from '../decoders/envelope.js';

/** Events of one message, column by column. */
export interface EventsMsg {
  k: 'ev';
  /** Events in the message. */
  n: number;
  /** Capacity the buffer's columns are laid out for (see {@link EventColumns}). */
  cap: number;
  /** The numeric columns (see {@link EventColumns}). */
  buf: ArrayBuffer;
  /**
   * The events' texts joined, in parts (one string is much cheaper to copy between threads than
   * many; a part of at most {@link TEXT_PART} characters, unless one text is longer, stays clear of
   * V8's large-object space, whose allocations cost far more). An event's text lies in the part
   * its predecessor's ends in, or, when that part has no room left for it, in the next one.
   */
  text: string[];
  /** Both tables were emptied before this message's new entries (they are bounded). */
  reset: boolean;
  /** New entries of the string table (streams and levels), appended in order. */
  strs: string[];
  /** New entries of the Kubernetes metadata table, appended in order. */
  k8s: RecordK8s[];
  /** Sources released after these events. */
  released: number[];
  /** When these events were handed to the row stage (µs since the epoch): their `ingest_ts`. */
  now: number;
}

/** Characters of texts joined into one part of {@link EventsMsg.text} (two-byte: 96 KiB). */
export const TEXT_PART = 48 * 1024;

/** Code of an absent stream, level or Kubernetes metadata. */
export const NONE = -1;

/** Bytes per event in {@link EventsMsg.buf}. */
const BYTES_PER_EVENT = 3 * 8 + 5 * 4 + 1;

/** Typed views on an {@link EventsMsg.buf} laid out for `cap` events. */
export class EventColumns {
  readonly offset: Float64Array;
  readonly observed: Float64Array;
  readonly presetTs: Float64Array;
  readonly src: Int32Array;
  /** Length of each text in {@link EventsMsg.text}. */
  readonly len: Int32Array;
  /** Codes into the string table, {@link NONE} when absent. */
  readonly stream: Int32Array;
  readonly level: Int32Array;
  /** Codes into the Kubernetes metadata table, {@link NONE} when absent. */
  readonly k8s: Int32Array;
  /** 1 = split, 2 = continued. */
  readonly flags: Uint8Array;

  constructor(readonly buf: ArrayBuffer, readonly cap: number) {
    let at = 0;
    const f64 = (): Float64Array => {
      const a = new Float64Array(buf, at, cap);
      at += cap * 8;
      return a;
    };
    const i32 = (): Int32Array => {
      const a = new Int32Array(buf, at, cap);
      at += cap * 4;
      return a;
    };
    this.offset = f64();
    this.observed = f64();
    this.presetTs = f64();
    this.src = i32();
    this.len = i32();
    this.stream = i32();
    this.level = i32();
    this.k8s = i32();
    this.flags = new Uint8Array(buf, at, cap);
  }

  /** Fresh columns for `cap` events. */
  static alloc(cap: number): EventColumns {
    return new EventColumns(new ArrayBuffer(cap * BYTES_PER_EVENT), cap);
  }
}

/**
 * The receiving side's copy of the tables: entries are appended in the order the messages bring
 * them, so codes mean the same on both sides.
 */
export class EventTables {
  readonly strs: string[] = [];
  readonly k8s: RecordK8s[] = [];

  /** Applies a message's table changes (before reading its events). */
  update(m: EventsMsg): void {
    if (m.reset) {
      this.strs.length = 0;
      this.k8s.length = 0;
    }
    for (const s of m.strs) this.strs.push(s);
    for (const o of m.k8s) this.k8s.push(o);
  }

  str(code: number): string | undefined {
    return code === NONE ? undefined : this.strs[code];
  }

  meta(code: number): RecordK8s | undefined {
    return code === NONE ? undefined : this.k8s[code];
  }
}
