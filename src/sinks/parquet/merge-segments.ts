/**
 * Merges segments of one partition into ts order. Segments whose ts ranges do not overlap are
 * just ordered; overlapping ones are gathered into one segment through a merged permutation.
 */
import type { Segment, StrBuf, NumBuf, MapBuf, ColBuf } from './segment.js';

/** Returns segments to write in order so that the rows are sorted by ts overall. */
export function orderSegments(segs: Segment[]): Segment[] {
  const sorted = [...segs].sort((a, b) => a.tsMin - b.tsMin);
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i]!.tsMin < sorted[i - 1]!.tsMax) return [gather(sorted)];
  }
  return sorted;
}

function gather(segs: Segment[]): Segment {
  const total = segs.reduce((n, s) => n + s.rows, 0);
  const segOf = new Uint32Array(total);
  const rowOf = new Uint32Array(total);
  const tsv: number[] = new Array(total);
  let k = 0;
  segs.forEach((s, si) => {
    const t = (s.cols[0] as NumBuf).values; // ts is column 0
    for (let r = 0; r < s.rows; r++) {
      segOf[k] = si;
      rowOf[k] = r;
      tsv[k] = t[r]!;
      k++;
    }
  });
  const perm = Array.from({ length: total }, (_, i) => i).sort((a, b) => tsv[a]! - tsv[b]! || a - b);
  const ncol = segs[0]!.cols.length;
  const cols: ColBuf[] = [];
  let bytes = 0;
  for (let c = 0; c < ncol; c++) {
    const first = segs[0]!.cols[c]!;
    if (first.kind === 'n') {
      const values = new Float64Array(total);
      const valid = new Uint8Array((total + 7) >> 3);
      let nulls = 0;
      for (let i = 0; i < total; i++) {
        const b = segs[segOf[perm[i]!]!]!.cols[c] as NumBuf;
        const r = rowOf[perm[i]!]!;
        if (b.valid[r >> 3]! & (1 << (r & 7))) {
          values[i] = b.values[r]!;
          valid[i >> 3]! |= 1 << (i & 7);
        } else nulls++;
      }
      cols.push({ kind: 'n', values, valid, nulls });
      bytes += total * 8;
    } else if (first.kind === 's') {
      const sb = gatherStr(total, (i) => [segs[segOf[perm[i]!]!]!.cols[c] as StrBuf, rowOf[perm[i]!]!]);
      cols.push(sb);
      bytes += sb.data.length;
    } else {
      const offsets = new Int32Array(total + 1);
      const valid = new Uint8Array((total + 7) >> 3);
      let nulls = 0;
      const entries: Array<[StrBuf, number, StrBuf, number]> = [];
      for (let i = 0; i < total; i++) {
        const b = segs[segOf[perm[i]!]!]!.cols[c] as MapBuf;
        const r = rowOf[perm[i]!]!;
        if (b.valid[r >> 3]! & (1 << (r & 7))) {
          valid[i >> 3]! |= 1 << (i & 7);
          for (let e = b.offsets[r]!; e < b.offsets[r + 1]!; e++) entries.push([b.keys, e, b.values, e]);
        } else nulls++;
        offsets[i + 1] = entries.length;
      }
      const keys = gatherStr(entries.length, (i) => [entries[i]![0], entries[i]![1]]);
      const values = gatherStr(entries.length, (i) => [entries[i]![2], entries[i]![3]]);
      cols.push({ kind: 'm', offsets, keys, values, valid, nulls });
      bytes += keys.data.length + values.data.length;
    }
  }
  return { service: segs[0]!.service, hour: segs[0]!.hour, rows: total, tsMin: tsv[perm[0]!]!, tsMax: tsv[perm[total - 1]!]!, cols, bytes };
}

function gatherStr(n: number, at: (i: number) => [StrBuf, number]): StrBuf {
  let len = 0;
  for (let i = 0; i < n; i++) {
    const [b, r] = at(i);
    len += b.offsets[r + 1]! - b.offsets[r]!;
  }
  const offsets = new Int32Array(n + 1);
  const data = new Uint8Array(len);
  const valid = new Uint8Array((n + 7) >> 3);
  let p = 0;
  let nulls = 0;
  for (let i = 0; i < n; i++) {
    const [b, r] = at(i);
    if (b.valid[r >> 3]! & (1 << (r & 7))) {
      valid[i >> 3]! |= 1 << (i & 7);
      const s = b.offsets[r]!, e = b.offsets[r + 1]!;
      data.set(b.data.subarray(s, e), p);
      p += e - s;
    } else nulls++;
    offsets[i + 1] = p;
  }
  return { kind: 's', offsets, data, valid, nulls };
}
