/**
 * A copy of a string that does not keep a larger string alive: a substring (`slice`) may be a view
 * into the whole event text, so cache keys are copied before they are stored. Costs one
 * allocation; use on cache misses only.
 */
export function ownCopy(s: string): string {
  // A cons string is flattened into a new buffer of s.length + 1 characters before it is sliced.
  return s.length < 13 ? s : (s + ' ').slice(0, -1);
}
