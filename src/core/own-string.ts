/**
 * A copy of `s` that shares no memory with the string it was sliced from (V8 keeps a slice's whole
 * parent alive), UTF-16 units kept exactly. For the few strings kept long (an event held open
 * across reads), never per line.
 */
export function ownString(s: string): string {
  return s.length < 16 ? s : Buffer.from(s, 'utf16le').toString('utf16le');
}
