/**
 * Line numbers of values in a JSON text, found by their path (as zod reports it: keys and array indexes), so a
 * problem in an uploaded file can name its line. One pass over the text, recording only the requested paths and
 * their ancestors; a path that does not exist (a missing key) gets the line of its nearest existing ancestor.
 * Assumes the text is valid JSON (it has been parsed already). Lines are undefined if nesting is too deep to walk.
 */
export function jsonLinesOf(text: string, paths: readonly (readonly PropertyKey[])[]): (number | undefined)[] {
  const key = (path: readonly PropertyKey[]) => path.map(String).join('\u0000');
  const wanted = new Set<string>();
  for (const path of paths) for (let i = 0; i <= path.length; i++) wanted.add(key(path.slice(0, i)));
  const found = new Map<string, number>();
  let pos = 0;
  let line = 1;

  const skipSpace = () => {
    for (;;) {
      const c = text.charCodeAt(pos);
      if (c === 10) line++;
      else if (c !== 32 && c !== 9 && c !== 13) return;
      pos++;
    }
  };
  const readString = (): string => {
    const start = ++pos;
    let escaped = false;
    for (;;) {
      const c = text.charCodeAt(pos);
      if (Number.isNaN(c)) throw new SyntaxError('unterminated string');
      if (escaped) escaped = false;
      else if (c === 92) escaped = true;
      else if (c === 34) break;
      pos++;
    }
    const raw = text.slice(start, pos++);
    return raw.includes('\\') ? (JSON.parse(`"${raw}"`) as string) : raw;
  };
  const value = (path: string[], pathKey: string, record: boolean): void => {
    skipSpace();
    if (record && wanted.has(pathKey)) found.set(pathKey, line);
    const c = text[pos];
    if (c === '{') {
      pos++;
      skipSpace();
      if (text[pos] === '}') return void pos++;
      for (;;) {
        skipSpace();
        const name = readString();
        skipSpace();
        pos++; // ':'
        const childKey = path.length === 0 ? name : `${pathKey}\u0000${name}`;
        value([...path, name], childKey, record && wanted.has(pathKey));
        skipSpace();
        if (text[pos++] === '}') return;
      }
    } else if (c === '[') {
      pos++;
      skipSpace();
      if (text[pos] === ']') return void pos++;
      for (let index = 0; ; index++) {
        const childKey = path.length === 0 ? String(index) : `${pathKey}\u0000${index}`;
        value([...path, String(index)], childKey, record && wanted.has(pathKey));
        skipSpace();
        if (text[pos++] === ']') return;
      }
    } else if (c === '"') {
      readString();
    } else {
      while (pos < text.length && !/[\s,\]}]/.test(text[pos]!)) pos++;
    }
  };

  try {
    value([], '', true);
  } catch (error) {
    // Nesting deeper than the stack allows (a hostile file): the problems are still reported, without lines.
    if (error instanceof RangeError) return paths.map(() => undefined);
    throw error;
  }
  return paths.map((path) => {
    for (let i = path.length; i >= 0; i--) {
      const lineOfAncestor = found.get(key(path.slice(0, i)));
      if (lineOfAncestor !== undefined) return lineOfAncestor;
    }
    return 1;
  });
}
