// The value syntaxes of configuration options, with Redis's rules and error texts: yes/no, integers
// (string2ll: canonical form only), memory sizes (memtoull: `1k` is 1000, `1kb` 1024, case-insensitive,
// digits only), percentages, octal, enums, and the quoting CONFIG REWRITE writes (sdscatrepr).

import { parseInt64 } from '../util/numbers.ts';

export type Parsed = { value: unknown } | { error: string };

export function parseYesNo(s: string): boolean | null {
  const l = s.toLowerCase();
  return l === 'yes' ? true : l === 'no' ? false : null;
}

const UNITS: Record<string, bigint> = {
  '': 1n,
  b: 1n,
  k: 1000n,
  kb: 1024n,
  m: 1000n * 1000n,
  mb: 1024n * 1024n,
  g: 1000n * 1000n * 1000n,
  gb: 1024n * 1024n * 1024n,
};

const ULLONG_MAX = 18446744073709551615n;

/** A memory amount as Redis's memtoull reads it, or null. Note "" and "kb" read as 0, as in Redis. */
export function parseMemory(s: string): bigint | null {
  let i = 0;
  while (i < s.length && s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57) i++;
  const mul = UNITS[s.slice(i).toLowerCase()];
  if (mul === undefined) return null;
  const digits = s.slice(0, i);
  const v = digits === '' ? 0n : BigInt(digits);
  if (v > ULLONG_MAX / mul) return null;
  return v * mul;
}

/** strtoll over the whole string, base 10 or 8: blanks and a sign allowed before the digits; "" is 0. */
export function parseStrtoll(s: string, base = 10): bigint | null {
  if (s === '') return 0n;
  const m = (base === 8 ? /^[ \t\n\v\f\r]*([+-]?)([0-7]+)$/ : /^[ \t\n\v\f\r]*([+-]?)(\d+)$/).exec(s);
  if (m === null) return null;
  const v = BigInt(base === 8 ? `0o${m[2]!}` : m[2]!);
  return m[1] === '-' ? -v : v;
}

/** The integer, as a JS number when exact, else the bigint's nearest number (only huge bounds get there). */
export function toNumber(v: bigint): number {
  return Number(v);
}

/** Formats a stored integer the way Redis prints it (%lld / %llu). */
export function formatInteger(n: number): string {
  return Number.isSafeInteger(n) ? String(n) : BigInt(n).toString();
}

/** Redis's rewriteConfigFormatMemory: the largest exact unit of gb, mb, kb. */
export function formatMemoryForFile(n: number): string {
  const b = BigInt(n);
  const GB = 1024n * 1024n * 1024n;
  const MB = 1024n * 1024n;
  if (b !== 0n && b % GB === 0n) return `${b / GB}gb`;
  if (b !== 0n && b % MB === 0n) return `${b / MB}mb`;
  if (b !== 0n && b % 1024n === 0n) return `${b / 1024n}kb`;
  return b.toString();
}

/** Parses a numeric option's argument by kind, before the bounds check. */
export function parseNumeric(kind: string, s: string): Parsed {
  if (kind === 'memory' || kind === 'memory-percent') {
    const v = parseMemory(s);
    if (v !== null) return { value: v };
  }
  if (kind === 'memory-percent' && s.length > 1 && s.endsWith('%')) {
    const p = parseInt64(s.slice(0, -1));
    if (p !== null && p >= 0n) return { value: -p }; // stored negative, as Redis does
  }
  if (kind === 'octal') {
    const v = parseStrtoll(s, 8);
    if (v !== null) return { value: v };
  }
  if (kind === 'int') {
    const v = parseInt64(s);
    if (v !== null) return { value: v };
  }
  if (kind === 'memory-percent') return { error: 'argument must be a memory or percent value' };
  if (kind === 'memory') return { error: 'argument must be a memory value' };
  if (kind === 'octal') return { error: "argument couldn't be parsed as an octal number" };
  return { error: "argument couldn't be parsed into an integer" };
}

/** Redis's bounds check, with its messages (percentages are stored negative). */
export function checkBounds(kind: string, v: bigint, min: bigint, max: bigint): string | null {
  if (kind === 'memory-percent' && v < 0n) {
    return v < min ? `percentage argument must be less or equal to ${-min}` : null;
  }
  if (v > max || v < min) {
    if (kind === 'octal') return `argument must be between ${min.toString(8)} and ${max.toString(8)} inclusive`;
    return `argument must be between ${min} and ${max} inclusive`;
  }
  return null;
}


/** Redis's trimDoubleString over "%f": 99.900000 → 99.9, 50.000000 → 50. */
export function formatPercentile(d: number): string {
  let s = d.toFixed(6);
  if (s.includes('.')) s = s.replace(/0+$/, '').replace(/\.$/, '');
  return s;
}

const ERRNO_TEXT: Record<string, string> = {
  ENOENT: 'No such file or directory',
  ENOTDIR: 'Not a directory',
  EACCES: 'Permission denied',
  EPERM: 'Operation not permitted',
  EISDIR: 'Is a directory',
  ENAMETOOLONG: 'File name too long',
  ELOOP: 'Too many levels of symbolic links',
  EROFS: 'Read-only file system',
  ENOSPC: 'No space left on device',
  EADDRINUSE: 'Address already in use',
  EADDRNOTAVAIL: 'Cannot assign requested address',
};

/** strerror() for a Node system error. */
export function strerror(e: unknown): string {
  const code = (e as { code?: string }).code;
  return (code !== undefined ? ERRNO_TEXT[code] : undefined) ?? (e as Error).message;
}
