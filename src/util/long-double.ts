// Exact emulation of the C `long double` Redis uses for INCRBYFLOAT and HINCRBYFLOAT on x86-64:
// the x87 80-bit extended format (64-bit significand, exponent range 2^-16445 .. 2^16384).
// Values are kept as sign, integer significand (BigInt) and binary exponent; parsing follows
// glibc's strtold (correctly rounded, decimal and hex forms, inf), addition rounds once to
// nearest-even, and formatting reproduces printf("%.17Lf") followed by Redis's trimming of
// trailing zeros. A JS double cannot do this: 0.1 added ten times differs in the last digits.

/** value = (neg ? -1 : 1) * m * 2^e, or an infinity when `inf` is set. */
export interface LongDouble {
  neg: boolean;
  m: bigint;
  e: number;
  inf: boolean;
}

const SIGNIFICAND_BITS = 64;
/** Exponent of the smallest subnormal: no value carries finer bits than 2^-16445. */
const EMIN = -16445;
/** Every finite value is below 2^16384. */
const EMAX_BITS = 16384;
/** Redis's MAX_LONG_DOUBLE_CHARS: longer inputs are rejected before strtold sees them. */
const MAX_CHARS = 5 * 1024;
const TEN17 = 10n ** 17n;

const ZERO: LongDouble = { neg: false, m: 0n, e: 0, inf: false };

function bitLength(n: bigint): number {
  if (n === 0n) return 0;
  const hex = n.toString(16);
  return (hex.length - 1) * 4 + (32 - Math.clz32(parseInt(hex[0]!, 16)));
}

/**
 * Rounds n * 2^e (n >= 0, plus a nonzero tail below the last bit when `sticky`) to the format:
 * 64 significant bits, nothing finer than 2^EMIN, nearest-even; too big gives infinity.
 */
function round(neg: boolean, n: bigint, e: number, sticky: boolean): LongDouble {
  const bl = bitLength(n);
  let shift = Math.max(bl - SIGNIFICAND_BITS, EMIN - e);
  let q = n;
  if (shift > 0) {
    if (shift > bl + 1) {
      // Everything is below half of the smallest quantum: rounds to zero.
      q = 0n;
    } else {
      const s = BigInt(shift);
      q = n >> s;
      const rem = n - (q << s);
      const half = 1n << (s - 1n);
      if (rem > half || (rem === half && (sticky || (q & 1n) === 1n))) q += 1n;
    }
    e += shift;
    shift = 0;
    if (bitLength(q) > SIGNIFICAND_BITS) {
      q >>= 1n;
      e += 1;
    }
  }
  if (q !== 0n && e + bitLength(q) > EMAX_BITS) return { neg, m: 0n, e: 0, inf: true };
  return { neg, m: q, e, inf: false };
}

/** A long double holding an integer (exact: every int64 fits in 64 bits of significand). */
export function longDoubleFromInteger(v: number | bigint): LongDouble {
  const b = BigInt(v);
  return b < 0n ? { neg: true, m: -b, e: 0, inf: false } : { neg: false, m: b, e: 0, inf: false };
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return -1;
}

/** Reads an exponent's digits from i; returns [value clamped to ±1e9, next index] or null. */
function readExponent(s: string, i: number): [number, number] | null {
  let neg = false;
  if (s[i] === '+' || s[i] === '-') {
    neg = s[i] === '-';
    i++;
  }
  if (i >= s.length || !isDigit(s.charCodeAt(i))) return null;
  let v = 0;
  for (; i < s.length && isDigit(s.charCodeAt(i)); i++) v = Math.min(v * 10 + (s.charCodeAt(i) - 48), 1e9);
  return [neg ? -v : v, i];
}

function parseDecimal(neg: boolean, s: string, i: number): LongDouble | null {
  let digits = '';
  let fracDigits = 0;
  let seen = false;
  for (; i < s.length && isDigit(s.charCodeAt(i)); i++) {
    digits += s[i];
    seen = true;
  }
  if (s[i] === '.') {
    for (i++; i < s.length && isDigit(s.charCodeAt(i)); i++) {
      digits += s[i];
      fracDigits++;
      seen = true;
    }
  }
  if (!seen) return null;
  let exp = 0;
  if (s[i] === 'e' || s[i] === 'E') {
    const r = readExponent(s, i + 1);
    if (r === null) return null; // strtold would stop before the 'e': trailing garbage
    exp = r[0];
    i = r[1];
  }
  if (i !== s.length) return null;
  const stripped = digits.replace(/^0+/, '');
  if (stripped === '') return { neg, m: 0n, e: 0, inf: false };
  const d = BigInt(stripped);
  const e10 = exp - fracDigits;
  // Far outside the range: overflow or underflow, which strtold reports as ERANGE.
  const magnitude = stripped.length + e10;
  if (magnitude > 4940) return null;
  if (magnitude < -4960) return null;
  let r: LongDouble;
  if (e10 >= 0) {
    r = round(neg, d * 10n ** BigInt(e10), 0, false);
  } else {
    const den = 10n ** BigInt(-e10);
    const s2 = Math.max(0, SIGNIFICAND_BITS + 2 + bitLength(den) - bitLength(d));
    const num = d << BigInt(s2);
    const q = num / den;
    r = round(neg, q, -s2, q * den !== num);
  }
  return r.inf || r.m === 0n ? null : r;
}

function parseHex(neg: boolean, s: string, i: number): LongDouble | null {
  let mant = 0n;
  let fracDigits = 0;
  let seen = false;
  let v: number;
  for (; i < s.length && (v = hexValue(s.charCodeAt(i))) >= 0; i++) {
    mant = mant * 16n + BigInt(v);
    seen = true;
  }
  if (s[i] === '.') {
    for (i++; i < s.length && (v = hexValue(s.charCodeAt(i))) >= 0; i++) {
      mant = mant * 16n + BigInt(v);
      fracDigits++;
      seen = true;
    }
  }
  if (!seen) return null;
  let exp = 0;
  if (s[i] === 'p' || s[i] === 'P') {
    const r = readExponent(s, i + 1);
    if (r === null) return null;
    exp = r[0];
    i = r[1];
  }
  if (i !== s.length) return null;
  if (mant === 0n) return { neg, m: 0n, e: 0, inf: false };
  const e2 = exp - 4 * fracDigits;
  if (e2 + bitLength(mant) > EMAX_BITS + 1) return null;
  if (e2 + bitLength(mant) < EMIN - 2) return null;
  const r = round(neg, mant, e2, false);
  return r.inf || r.m === 0n ? null : r;
}

/**
 * Parses a value as Redis's string2ld does: strtold must consume every byte (so an embedded NUL
 * fails); no leading space; NaN, overflow and underflow to zero are rejected (null).
 */
export function parseLongDouble(s: string): LongDouble | null {
  if (s.length === 0 || s.length >= MAX_CHARS || s.includes('\0')) return null;
  const c0 = s.charCodeAt(0);
  if (c0 === 32 || (c0 >= 9 && c0 <= 13)) return null;
  let i = 0;
  let neg = false;
  if (s[0] === '+' || s[0] === '-') {
    neg = s[0] === '-';
    i = 1;
  }
  const rest = s.slice(i).toLowerCase();
  if (rest === 'inf' || rest === 'infinity') return { neg, m: 0n, e: 0, inf: true };
  if (rest.startsWith('nan')) return null;
  if (rest.length > 2 && rest[0] === '0' && rest[1] === 'x') {
    const h = parseHex(neg, s, i + 2);
    // "0x" with no hex digits after it parses as "0" followed by garbage.
    if (h !== null || hexValue(s.charCodeAt(i + 2)) >= 0 || s[i + 2] === '.') return h;
    return null;
  }
  return parseDecimal(neg, s, i);
}

/** a + b rounded once, as the FPU adds two long doubles; inf - inf gives null (NaN). */
export function addLongDouble(a: LongDouble, b: LongDouble): LongDouble | null {
  if (a.inf || b.inf) {
    if (a.inf && b.inf && a.neg !== b.neg) return null;
    return a.inf ? a : b;
  }
  if (a.m === 0n && b.m === 0n) return { neg: a.neg && b.neg, m: 0n, e: 0, inf: false };
  if (a.m === 0n) return b;
  if (b.m === 0n) return a;
  const e = Math.min(a.e, b.e);
  const na = a.m << BigInt(a.e - e);
  const nb = b.m << BigInt(b.e - e);
  const sum = (a.neg ? -na : na) + (b.neg ? -nb : nb);
  if (sum === 0n) return ZERO;
  return sum < 0n ? round(true, -sum, e, false) : round(false, sum, e, false);
}

/** printf("%.17Lf"): exact binary value rounded (nearest-even) to 17 decimals. */
export function formatFixed17(x: LongDouble): string {
  if (x.inf) return x.neg ? '-inf' : 'inf';
  let q: bigint;
  if (x.e >= 0) {
    q = (x.m << BigInt(x.e)) * TEN17;
  } else {
    const k = BigInt(-x.e);
    const scaled = x.m * TEN17;
    q = scaled >> k;
    const rem = scaled - (q << k);
    const half = 1n << (k - 1n);
    if (rem > half || (rem === half && (q & 1n) === 1n)) q += 1n;
  }
  const int = q / TEN17;
  const frac = (q % TEN17).toString().padStart(17, '0');
  return (x.neg ? '-' : '') + int.toString() + '.' + frac;
}

/** Redis's human-friendly long double form (ld2string LD_STR_HUMAN): %.17Lf without trailing zeros. */
export function formatLongDouble(x: LongDouble): string {
  if (x.inf) return x.neg ? '-inf' : 'inf';
  const s = formatFixed17(x);
  let end = s.length;
  while (s.charCodeAt(end - 1) === 48) end--;
  if (s.charCodeAt(end - 1) === 46) end--;
  const out = s.slice(0, end);
  return out === '-0' ? '0' : out;
}

/** What an INCRBYFLOAT step gives: the new value's text, or which error Redis sends. */
export type IncrFloatResult = { text: string; error?: undefined } | { text?: undefined; error: 'not-float' | 'nan-or-inf' };

/**
 * The INCRBYFLOAT step shared with HINCRBYFLOAT: current value (already parsed) plus an increment
 * given as a string, rounded once and formatted as Redis stores it.
 */
export function incrByFloat(current: LongDouble, increment: string): IncrFloatResult {
  const inc = parseLongDouble(increment);
  if (inc === null) return { error: 'not-float' };
  const sum = addLongDouble(current, inc);
  if (sum === null || sum.inf) return { error: 'nan-or-inf' };
  return { text: formatLongDouble(sum) };
}
