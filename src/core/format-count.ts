/**
 * Counts with thousands separators, as `x.toLocaleString('en-US')` prints them. The first
 * `toLocaleString` / `Intl.NumberFormat` call of a process loads and builds ICU's number formatter
 * (≈ 12–25 ms of CPU, measured), which every CLI run that prints a summary paid once; an integer
 * needs none of it.
 */

/** `x` with `,` between groups of three digits, e.g. `1234567` → `1,234,567` (= `toLocaleString('en-US')`). */
export function formatCount(x: number): string {
  // fractions, NaN and ±Infinity keep the locale formatter's exact output (never reached by the summaries)
  if (!Number.isSafeInteger(x)) return x.toLocaleString('en-US');
  const digits = String(Math.abs(x));
  let out = digits.length > 3 ? '' : digits;
  if (digits.length > 3) {
    const head = digits.length % 3 || 3;
    out = digits.slice(0, head);
    for (let i = head; i < digits.length; i += 3) out += ',' + digits.slice(i, i + 3);
  }
  return x < 0 || Object.is(x, -0) ? '-' + out : out; // toLocaleString prints -0 as "-0"
}
