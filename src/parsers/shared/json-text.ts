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

/**
 * The JSON object a text holds, or undefined when it is not one: checks the braces first so that
 * JSON.parse (and its costly throw) only runs on plausible input.
 */
export function parseJsonObjectText(text: string): Record<string, unknown> | undefined {
  if (text.charCodeAt(0) !== 123 || !endsWithBrace(text)) return undefined;
  let o: unknown;
  try {
    o = JSON.parse(text);
  } catch {
    return undefined;
  }
  return o && typeof o === 'object' && !Array.isArray(o) ? (o as Record<string, unknown>) : undefined;
}
