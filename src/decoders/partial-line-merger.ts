/**
 * Runtime partial-line merge for one stream: dockerd splits lines longer than 16 KiB into records
 * marked partial (no trailing newline in `log`), CRI writes `P` pieces before the final `F` one.
 * The pieces are joined back into the logical line the application wrote. Pure, no IO.
 *
 * Usage per decoded record of the stream: `add` a partial piece (true = the merged text grew past
 * the limit and must be taken now, an oversize split); for a final piece, `take(text)` when a
 * merge is pending. `start`, `lines` and `observed` describe the merged line and stay readable
 * after `take`.
 */
import { ownString } from '../core/own-string.js';
export class PartialLineMerger {
  private text: string | null = null;
  /** Byte offset of the first piece. */
  start = 0;
  /** Physical lines (records) merged so far. */
  lines = 0;
  /** Runtime timestamp (µs) of the first piece. */
  observed = NaN;

  /** @param maxChars merged text longer than this is split (taken as is; the rest is a new line). */
  constructor(private readonly maxChars: number) {}

  /** Makes a held partial text its own string (see MultilineAggregator.detach). */
  detach(): void {
    if (this.text !== null) this.text = ownString(this.text);
  }

  /** A merge is in progress (pieces seen, final piece not yet). */
  get pending(): boolean {
    return this.text !== null;
  }

  /** Adds a partial piece at `offset`. Returns true when the merged text exceeds the limit. */
  add(text: string, offset: number, observed: number): boolean {
    if (this.text === null) {
      this.text = text;
      this.start = offset;
      this.observed = observed;
      this.lines = 1;
    } else {
      this.text += text;
      this.lines++;
    }
    return this.text.length > this.maxChars;
  }

  /** Ends the merge: the merged text, with `last` (the final piece, one more line) appended when given. */
  take(last?: string): string {
    let t = this.text ?? '';
    if (last !== undefined) {
      t += last;
      this.lines++;
    }
    this.text = null;
    return t;
  }
}
