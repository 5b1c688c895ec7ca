/** One CSV record with the 1-based line it starts on (a quoted field may span lines). */
export interface CsvRecord {
  line: number;
  fields: string[];
}

/**
 * RFC 4180 CSV: comma-separated, fields optionally in double quotes, a doubled quote inside quotes is a quote, quoted
 * fields may hold commas and line breaks, records end with LF or CRLF. A UTF-8 byte-order mark is skipped and blank
 * lines are left out. Throws a SyntaxError naming the line of an unterminated quote or of text after a closing one.
 */
export function parseCsv(text: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  let pos = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  while (pos < text.length) {
    const start = line;
    const fields: string[] = [];
    for (;;) {
      let field = '';
      if (text[pos] === '"') {
        pos++;
        for (;;) {
          if (pos >= text.length) throw new SyntaxError(`line ${start}: a quoted field is never closed`);
          const c = text[pos]!;
          if (c === '"') {
            if (text[pos + 1] === '"') {
              field += '"';
              pos += 2;
              continue;
            }
            pos++;
            break;
          }
          if (c === '\n') line++;
          field += c;
          pos++;
        }
        const next = text[pos];
        if (next !== undefined && next !== ',' && next !== '\n' && next !== '\r') {
          throw new SyntaxError(`line ${line}: text after a closing quote`);
        }
      } else {
        const end = nextDelimiter(text, pos);
        field = text.slice(pos, end);
        pos = end;
      }
      fields.push(field);
      if (text[pos] === ',') {
        pos++;
        continue;
      }
      if (text[pos] === '\r') pos++;
      if (text[pos] === '\n') pos++;
      line++;
      break;
    }
    if (!(fields.length === 1 && fields[0] === '')) records.push({ line: start, fields });
  }
  return records;
}

function nextDelimiter(text: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 44 || c === 10 || c === 13) return i;
  }
  return text.length;
}

/** Records as objects keyed by the header row's names (trimmed); `missing` lists required columns the header lacks. */
export function csvObjects(
  text: string,
  required: readonly string[],
): { header: string[]; missing: string[]; rows: { line: number; values: Record<string, string>; width: number }[] } {
  const [head, ...body] = parseCsv(text);
  const header = (head?.fields ?? []).map((name) => name.trim());
  const missing = required.filter((name) => !header.includes(name));
  const rows = body.map((record) => ({
    line: record.line,
    width: record.fields.length,
    values: Object.fromEntries(header.map((name, i) => [name, record.fields[i] ?? ''])),
  }));
  return { header, missing, rows };
}
