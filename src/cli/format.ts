// redis-cli's three output formats, byte for byte: the tty format (quoted strings, (integer),
// (nil), (error), numbered nested aggregates), raw (what pipes get) and CSV. Strings are latin1
// (one char per byte); the caller writes the result as latin1.

import type { Typed } from './typed-reply.ts';

export type OutputMode = 'tty' | 'raw' | 'csv';

/** C's sdscatrepr: double quotes, backslash escapes, \xHH for bytes outside printable ASCII. */
export function quote(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    switch (c) {
      case 92: out += '\\\\'; break;
      case 34: out += '\\"'; break;
      case 10: out += '\\n'; break;
      case 13: out += '\\r'; break;
      case 9: out += '\\t'; break;
      case 7: out += '\\a'; break;
      case 8: out += '\\b'; break;
      default:
        out += c >= 32 && c <= 126 ? s[i] : '\\x' + c.toString(16).padStart(2, '0');
    }
  }
  return out + '"';
}

const EMPTY: Record<string, string> = { array: '(empty array)', map: '(empty hash)', set: '(empty set)', push: '(empty push)' };

/** The tty format; `prefix` is the indentation of nested aggregates. */
export function formatTty(r: Typed, prefix = ''): string {
  switch (r.t) {
    case 'error': return `(error) ${r.s}\n`;
    case 'status': return `${r.s}\n`;
    case 'int': return `(integer) ${r.s}\n`;
    case 'double': return `(double) ${r.s}\n`;
    case 'bignum': return `(big number) ${r.s}\n`;
    case 'string': return `${quote(r.s)}\n`;
    case 'verbatim': return `${r.s}\n`;
    case 'nil': return '(nil)\n';
    case 'bool': return r.b ? '(true)\n' : '(false)\n';
    default: {
      const items = r.items;
      if (items.length === 0) return `${EMPTY[r.t]}\n`;
      const count = r.t === 'map' ? items.length / 2 : items.length;
      const idxlen = String(count).length;
      const inner = prefix + ' '.repeat(idxlen + 2);
      const sep = r.t === 'set' ? '~' : r.t === 'map' ? '#' : ')';
      let out = '';
      for (let i = 0; i < items.length; i++) {
        const human = (r.t === 'map' ? i / 2 : i) + 1;
        out += `${i === 0 ? '' : prefix}${String(human).padStart(idxlen)}${sep} `;
        out += formatTty(items[i]!, inner);
        if (r.t === 'map') {
          const v = formatTty(items[++i]!, inner);
          out = out.slice(0, -1) + ' => ';
          // A value that takes several lines starts on its own line, its first line indented too.
          out += v.indexOf('\n') < v.length - 1 ? '\n' + inner + v : v;
        }
      }
      return out;
    }
  }
}

/** The raw format (no trailing delimiter: the caller adds one per reply); `delim` joins elements (-d). */
export function formatRaw(r: Typed, delim = '\n'): string {
  switch (r.t) {
    case 'nil': return '';
    case 'error': return `${r.s}\n`;
    case 'status':
    case 'string':
    case 'verbatim':
    case 'double':
    case 'bignum':
    case 'int':
      return r.s;
    case 'bool': return r.b ? '(true)' : '(false)';
    case 'map': {
      const parts: string[] = [];
      for (let i = 0; i < r.items.length; i += 2) parts.push(`${formatRaw(r.items[i]!, delim)} ${formatRaw(r.items[i + 1]!, delim)}`);
      return parts.join(delim);
    }
    default:
      return r.items.map((x) => formatRaw(x, delim)).join(delim);
  }
}

export function formatCsv(r: Typed): string {
  switch (r.t) {
    case 'nil': return 'NULL';
    case 'error': return `ERROR,${quote(r.s)}`;
    case 'status':
    case 'string':
    case 'verbatim':
    case 'bignum':
      return quote(r.s);
    case 'int':
    case 'double':
      return r.s;
    case 'bool': return r.b ? 'true' : 'false';
    default:
      return r.items.map(formatCsv).join(',');
  }
}

/** One reply as redis-cli prints it in `mode` (with its line ending; -d and -D apply to raw). */
export function formatReply(r: Typed, mode: OutputMode, bulkDelim = '\n', cmdDelim = '\n'): string {
  if (mode === 'tty') return formatTty(r);
  if (mode === 'csv') return formatCsv(r) + '\n';
  return formatRaw(r, bulkDelim) + cmdDelim;
}
