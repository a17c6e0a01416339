/**
 * Cheap checks on raw text before JSON.parse (a throwing JSON.parse is expensive).
 */

/** Whether the last character other than JSON whitespace (space, tab, LF, CR) is `}`. */
export function endsWithBrace(text: string): boolean {
  let i = text.length - 1;
  let c = text.charCodeAt(i);
  while (c === 32 || c === 10 || c === 13 || c === 9) c = text.charCodeAt(--i);
  return c === 125;
}
