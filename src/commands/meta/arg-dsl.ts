// A compact notation for COMMAND DOCS argument trees, so the Redis 7.2 patches (redis-7.2.ts) stay
// short and readable, and so the meta-tests can print an argument tree on one line.
//
//   arg      := name ':' type modifier* [ '(' arg* ')' ]
//   modifier := '?'            optional
//             | '*'            multiple
//             | '+'            multiple_token
//             | '=' TOKEN      token (TOKEN is a bare word, or "quoted" with "" for a literal quote)
//             | '@' VERSION    since
//             | '#' N          key_spec_index
//             | '~' WORD       display_text
//             | '!' VERSION    deprecated_since
//
// Example: `key:key#0 range:block?(start:integer end:integer unit:oneof?@7.0.0(byte:pure-token=BYTE bit:pure-token=BIT))`
// Field order in the produced objects is the order Redis replies with (see argFields below).

import type { CommandArg } from '../command.ts';

const STOP = ' \t\n()?*+=@#~!:';

class Reader {
  readonly s: string;
  i = 0;
  constructor(s: string) {
    this.s = s;
  }
  skipSpace(): void {
    while (this.i < this.s.length && ' \t\n'.includes(this.s[this.i]!)) this.i++;
  }
  word(): string {
    if (this.s[this.i] === '"') return this.quoted();
    const start = this.i;
    while (this.i < this.s.length && !STOP.includes(this.s[this.i]!)) this.i++;
    if (this.i === start) throw new Error(`arg-dsl: expected a word at ${this.i} in ${this.s}`);
    return this.s.slice(start, this.i);
  }
  quoted(): string {
    let out = '';
    this.i++; // opening quote
    for (;;) {
      if (this.i >= this.s.length) throw new Error(`arg-dsl: unterminated quote in ${this.s}`);
      const ch = this.s[this.i++]!;
      if (ch !== '"') out += ch;
      else if (this.s[this.i] === '"') {
        out += '"';
        this.i++;
      } else return out;
    }
  }
}

/** Parses a list of arguments in the notation above. */
export function parseArgs(src: string): CommandArg[] {
  const r = new Reader(src);
  const args = parseList(r);
  r.skipSpace();
  if (r.i !== src.length) throw new Error(`arg-dsl: unexpected '${src[r.i]}' at ${r.i} in ${src}`);
  return args;
}

function parseList(r: Reader): CommandArg[] {
  const out: CommandArg[] = [];
  for (;;) {
    r.skipSpace();
    if (r.i >= r.s.length || r.s[r.i] === ')') return out;
    out.push(parseArg(r));
  }
}

function parseArg(r: Reader): CommandArg {
  const name = r.word();
  if (r.s[r.i++] !== ':') throw new Error(`arg-dsl: expected ':' after ${name} in ${r.s}`);
  const type = r.word();
  const m: Partial<CommandArg> & { opt?: boolean; mul?: boolean; mulTok?: boolean } = {};
  let children: CommandArg[] | undefined;
  for (;;) {
    const ch = r.s[r.i];
    if (ch === '?' || ch === '*' || ch === '+') {
      r.i++;
      if (ch === '?') m.opt = true;
      else if (ch === '*') m.mul = true;
      else m.mulTok = true;
    } else if (ch === '=' || ch === '@' || ch === '#' || ch === '~' || ch === '!') {
      r.i++;
      const w = r.word();
      if (ch === '=') m.token = w;
      else if (ch === '@') m.since = w;
      else if (ch === '#') m.key_spec_index = Number(w);
      else if (ch === '~') m.display_text = w;
      else m.deprecated_since = w;
    } else if (ch === '(') {
      r.i++;
      children = parseList(r);
      if (r.s[r.i++] !== ')') throw new Error(`arg-dsl: missing ')' in ${r.s}`);
    } else break;
  }
  const flags: string[] = [];
  if (m.opt === true) flags.push('optional');
  if (m.mul === true) flags.push('multiple');
  if (m.mulTok === true) flags.push('multiple_token');
  return argFields(name, type, m, flags, children);
}

/** Builds an argument with its fields in Redis's reply order. */
function argFields(
  name: string,
  type: string,
  m: Partial<CommandArg>,
  flags: string[],
  children: CommandArg[] | undefined,
): CommandArg {
  const a: CommandArg = { name, type };
  if (m.display_text !== undefined) a.display_text = m.display_text;
  if (m.key_spec_index !== undefined) a.key_spec_index = m.key_spec_index;
  if (m.token !== undefined) a.token = m.token;
  if (m.since !== undefined) a.since = m.since;
  if (flags.length > 0) a.flags = flags;
  if (m.deprecated_since !== undefined) a.deprecated_since = m.deprecated_since;
  if (children !== undefined) a.arguments = children;
  return a;
}

/** The notation for an argument list (the inverse of parseArgs; summaries are not represented). */
export function formatArgs(args: readonly CommandArg[]): string {
  return args.map(formatArg).join(' ');
}

function formatWord(w: string): string {
  if (w.length > 0 && ![...w].some((ch) => STOP.includes(ch) || ch === '"')) return w;
  return `"${w.replaceAll('"', '""')}"`;
}

function formatArg(a: CommandArg): string {
  let s = `${formatWord(a.name)}:${a.type}`;
  const f = a.flags ?? [];
  if (f.includes('optional')) s += '?';
  if (f.includes('multiple')) s += '*';
  if (f.includes('multiple_token')) s += '+';
  if (a.token !== undefined) s += `=${formatWord(a.token)}`;
  if (a.since !== undefined) s += `@${a.since}`;
  if (a.key_spec_index !== undefined) s += `#${a.key_spec_index}`;
  if (a.display_text !== undefined) s += `~${formatWord(a.display_text)}`;
  if (a.deprecated_since !== undefined) s += `!${a.deprecated_since}`;
  if (a.arguments !== undefined) s += `(${formatArgs(a.arguments)})`;
  return s;
}
