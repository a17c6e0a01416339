/** Splits a question into tokens: ISO dates/times, clock times, numbers, words (names keep - . _ $). */

/** One token of a question. */
export interface Token {
  kind: 'iso' | 'clock' | 'number' | 'word' | 'symbol';
  /** As typed. */
  text: string;
  /** Lower case. */
  lower: string;
}

const RE = /(\d{4}-\d{2}-\d{2}(?:[tT ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?(?:[zZ]|[+-]\d{2}:?\d{2})?)|(\d{1,2}:\d{2}(?::\d{2})?)|(\d+(?:\.\d+)?)(?![A-Za-z_])|([A-Za-z0-9_$][A-Za-z0-9_.$\-]*)|(\S)/g;

/** Tokenizes a question; never throws. */
export function tokenize(question: string): Token[] {
  const out: Token[] = [];
  for (const m of question.matchAll(RE)) {
    const [, iso, clock, num, word, sym] = m;
    if (iso) out.push({ kind: 'iso', text: iso, lower: iso.toLowerCase() });
    else if (clock) out.push({ kind: 'clock', text: clock, lower: clock });
    else if (num) out.push({ kind: 'number', text: num, lower: num });
    else if (word) {
      const w = word.replace(/[.\-]+$/, '');
      if (w) out.push({ kind: 'word', text: w, lower: w.toLowerCase() });
    } else if (sym) out.push({ kind: 'symbol', text: sym, lower: sym });
  }
  return out;
}
