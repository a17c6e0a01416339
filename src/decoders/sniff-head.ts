/** Envelope format of a source from its head bytes (first non-blank line) and name. */
import { sniffFormat, type EnvelopeFormat } from './envelope.js';

/** Sniffs the envelope of the first non-blank line of `head`; `name` (path, key) breaks ties. */
export function sniffHead(head: Uint8Array, name: string): EnvelopeFormat {
  return sniffFormat(firstLine(head), name);
}

/** The first non-blank line of `head`, without its line end. */
export function firstLine(head: Uint8Array): string {
  let s = 0;
  while (s < head.length && (head[s] === 10 || head[s] === 13)) s++;
  let e = head.indexOf(10, s);
  if (e < 0) e = head.length;
  if (e > s && head[e - 1] === 13) e--;
  return Buffer.from(head.buffer, head.byteOffset, head.byteLength).toString('utf8', s, e);
}
