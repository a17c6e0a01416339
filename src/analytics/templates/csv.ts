/**
 * Minimal RFC 4180 CSV: quoting of one field, and a parser for whole documents (quoted fields
 * may hold commas, doubled quotes and line breaks; CRLF or LF line ends). Pure.
 */

/** Quotes a field when it holds a comma, a quote, CR or LF (quotes are doubled). */
export function csvField(value: string): string {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c === 44 || c === 34 || c === 10 || c === 13) return '"' + value.replaceAll('"', '""') + '"';
  }
  return value;
}

/** Parses a CSV document into rows of fields. A trailing line break does not make an empty row. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let i = 0;
  const n = text.length;
  let quoted = false;
  let any = false; // current row has content
  while (i < n) {
    const c = text.charCodeAt(i);
    if (quoted) {
      if (c === 34) {
        if (i + 1 < n && text.charCodeAt(i + 1) === 34) {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        continue;
      }
      const q = text.indexOf('"', i);
      const end = q < 0 ? n : q;
      field += text.slice(i, end);
      i = end;
      continue;
    }
    if (c === 34) {
      quoted = true;
      any = true;
      i++;
    } else if (c === 44) {
      row.push(field);
      field = '';
      any = true;
      i++;
    } else if (c === 10 || c === 13) {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      any = false;
      i += c === 13 && i + 1 < n && text.charCodeAt(i + 1) === 10 ? 2 : 1;
    } else {
      let j = i;
      while (j < n) {
        const d = text.charCodeAt(j);
        if (d === 44 || d === 10 || d === 13 || d === 34) break;
        j++;
      }
      field += text.slice(i, j);
      any = true;
      i = j;
    }
  }
  if (any || field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/** Parses a CSV document with a header row into records keyed by column name. */
export function parseCsvRecords(text: string): Record<string, string>[] {
  const rows = parseCsv(text);
  const header = rows.shift() ?? [];
  return rows.map((r) => {
    const rec: Record<string, string> = {};
    header.forEach((h, k) => {
      rec[h] = r[k] ?? '';
    });
    return rec;
  });
}
