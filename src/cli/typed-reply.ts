// Replies with their RESP type kept (the CLI prints a status differently from a bulk string, and a
// RESP3 double as the server wrote it). Parsed from the exact bytes of one complete reply
// (ReplyReader.nextRaw), as a latin1 string: one char per byte.

export type Typed =
  | { t: 'status' | 'error' | 'string' | 'double' | 'bignum'; s: string }
  | { t: 'verbatim'; s: string; format: string }
  | { t: 'int'; s: string }
  | { t: 'nil' }
  | { t: 'bool'; b: boolean }
  | { t: 'array' | 'set' | 'push'; items: Typed[] }
  | { t: 'map'; items: Typed[] };

export function parseTyped(raw: Buffer): Typed {
  const s = raw.latin1Slice(0, raw.length);
  const at = { p: 0 };
  return parseAt(s, at);
}

function parseAt(s: string, at: { p: number }): Typed {
  const type = s[at.p]!;
  const cr = s.indexOf('\r\n', at.p);
  const line = s.slice(at.p + 1, cr);
  at.p = cr + 2;
  switch (type) {
    case '+': return { t: 'status', s: line };
    case '-': return { t: 'error', s: line };
    case ':': return { t: 'int', s: line };
    case ',': return { t: 'double', s: line };
    case '(': return { t: 'bignum', s: line };
    case '#': return { t: 'bool', b: line === 't' };
    case '_': return { t: 'nil' };
    case '$':
    case '!':
    case '=': {
      const n = Number(line);
      if (n < 0) return { t: 'nil' };
      const body = s.slice(at.p, at.p + n);
      at.p += n + 2;
      if (type === '!') return { t: 'error', s: body };
      if (type === '=') return { t: 'verbatim', s: body.slice(4), format: body.slice(0, 3) };
      return { t: 'string', s: body };
    }
    case '*':
    case '~':
    case '>':
    case '%':
    case '|': {
      const n = Number(line);
      if (n < 0) return { t: 'nil' };
      const count = type === '%' || type === '|' ? n * 2 : n;
      const items: Typed[] = [];
      for (let i = 0; i < count; i++) items.push(parseAt(s, at));
      if (type === '|') return parseAt(s, at); // attributes are skipped
      if (type === '%') return { t: 'map', items };
      return { t: type === '*' ? 'array' : type === '~' ? 'set' : 'push', items };
    }
    default:
      throw new Error(`Protocol error, got "${type}" as reply type byte`);
  }
}
