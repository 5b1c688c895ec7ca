class JsonSyntaxAt {
  constructor(readonly offset: number) {}
}

const LITERALS = ['true', 'false', 'null'];
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

/**
 * Offset of the first syntax error in a JSON text (RFC 8259), or −1 when there is none. JSON.parse knows where it
 * stopped but V8 does not always say; this finds it so an upload's error can name its line. Only called after
 * JSON.parse has failed, so it is written for clarity, not speed.
 */
export function jsonSyntaxErrorOffset(text: string): number {
  let pos = 0;
  const fail = (): never => {
    throw new JsonSyntaxAt(pos);
  };
  const space = () => {
    while (pos < text.length && ' \t\n\r'.includes(text[pos]!)) pos++;
  };
  const expect = (c: string) => (text[pos] === c ? void pos++ : fail());
  const string = () => {
    expect('"');
    for (;;) {
      const c = text[pos];
      if (c === undefined || c < ' ') fail();
      pos++;
      if (c === '"') return;
      if (c === '\\') {
        if (text[pos] === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(pos + 1, pos + 5))) pos += 5;
        else if ('"\\/bfnrt'.includes(text[pos] ?? '!')) pos++;
        else fail();
      }
    }
  };
  const sequence = (close: string, member: () => void) => {
    pos++;
    space();
    if (text[pos] === close) return void pos++;
    for (;;) {
      member();
      space();
      if (text[pos] === close) return void pos++;
      expect(',');
    }
  };
  const value = (): void => {
    space();
    const c = text[pos];
    if (c === '{') {
      return sequence('}', () => {
        space();
        string();
        space();
        expect(':');
        value();
      });
    }
    if (c === '[') return sequence(']', value);
    if (c === '"') return string();
    const literal = LITERALS.find((word) => text.startsWith(word, pos));
    if (literal) return void (pos += literal.length);
    NUMBER.lastIndex = pos;
    if (NUMBER.test(text)) return void (pos = NUMBER.lastIndex);
    fail();
  };
  try {
    value();
    space();
    return pos < text.length ? pos : -1;
  } catch (error) {
    if (error instanceof JsonSyntaxAt) return error.offset;
    if (error instanceof RangeError) return pos; // nested too deep for the stack
    throw error;
  }
}

/** 1-based line of a character offset. */
export function lineOfOffset(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}
