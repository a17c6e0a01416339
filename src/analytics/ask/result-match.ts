/**
 * Execution-accuracy comparison of result sets, as text-to-SQL benchmarks score it: the actual result
 * matches when some choice of its columns equals the expected rows as a multiset (extra columns such
 * as an example message are allowed; column names and row order are ignored; numbers compare within 0.01).
 */

function key(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'number') return (Math.round(v * 100) / 100).toFixed(2);
  if (typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v)) return (Math.round(Number(v) * 100) / 100).toFixed(2);
  return JSON.stringify(v);
}

function multiset(rows: unknown[][], cols: number[]): string {
  return rows.map((r) => cols.map((c) => key(r[c])).join('\u0001')).sort().join('\u0002');
}

/** True when `actual` contains the `expected` result set (see module comment). */
export function sameResult(expected: unknown[][], actual: unknown[][]): boolean {
  if (expected.length !== actual.length) return false;
  if (expected.length === 0) return true;
  const ne = expected[0]!.length;
  const na = actual[0]!.length;
  const want = multiset(expected, [...Array(ne).keys()]);
  // candidate actual columns per expected column: those whose value multiset equals it
  const cands = [...Array(ne).keys()].map((e) => {
    const col = multiset(expected, [e]);
    return [...Array(na).keys()].filter((a) => multiset(actual, [a]) === col);
  });
  const pick = (e: number, used: number[]): boolean => {
    if (e === ne) return multiset(actual, used) === want;
    for (const a of cands[e]!) if (!used.includes(a) && pick(e + 1, [...used, a])) return true;
    return false;
  };
  return pick(0, []);
}
