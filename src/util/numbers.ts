// Number parsing and formatting with Redis's rules (string2ll, string2d, Redis 7.2's shortest
// double form). Arguments are latin1 strings; nothing here allocates on the common path.

export const INT64_MAX = 9223372036854775807n;
export const INT64_MIN = -9223372036854775808n;

/**
 * True when s is an integer in Redis's canonical form (string2ll): optional '-', digits, no leading
 * zeros, no '+', no spaces, at most 20 chars. Range is checked by the callers that need it.
 */
function isCanonicalInteger(s: string): boolean {
  const n = s.length;
  if (n === 0 || n > 20) return false;
  let i = 0;
  if (s.charCodeAt(0) === 45) {
    if (n === 1) return false;
    i = 1;
  }
  const first = s.charCodeAt(i);
  if (first === 48) return n === 1; // "0" only; "-0" and "01" are not canonical
  if (first < 49 || first > 57) return false;
  for (i++; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** An exact 64-bit signed integer, or null (string2ll's rules and range). */
export function parseInt64(s: string): bigint | null {
  if (!isCanonicalInteger(s)) return null;
  const v = BigInt(s);
  return v > INT64_MAX || v < INT64_MIN ? null : v;
}

/**
 * A 64-bit signed integer as a JS number, or null. Exact up to 2^53; beyond that the value is the
 * nearest double, which is fine for counts, indexes and timeouts (they are bounded far below).
 */
export function parseInteger(s: string): number | null {
  if (!isCanonicalInteger(s)) return null;
  if (s.length < 16) return Number(s);
  const v = BigInt(s);
  return v > INT64_MAX || v < INT64_MIN ? null : Number(v);
}

/** True when s is the canonical decimal form of an int64: what makes a string value `int`-encoded. */
export function isInt64String(s: string): boolean {
  return s.length < 19 ? isCanonicalInteger(s) : parseInt64(s) !== null;
}

const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const INFINITY = /^([+-]?)inf(?:inity)?$/i;

/**
 * A double as Redis's string2d reads it (strtod over the whole string): decimal or exponent form,
 * "inf"/"infinity" in any case, no leading space, no NaN; overflow to infinity and underflow to zero
 * are errors. Returns null when invalid.
 */
export function parseDouble(s: string): number | null {
  if (s.length === 0) return null;
  if (DECIMAL.test(s)) {
    const v = Number(s);
    if (!Number.isFinite(v)) return null;
    if (v === 0 && /[1-9]/.test(s.replace(/[eE].*$/, ''))) return null; // underflow
    return v;
  }
  const m = INFINITY.exec(s);
  if (m !== null) return m[1] === '-' ? -Infinity : Infinity;
  const h = parseHexDouble(s);
  return h === null || !Number.isFinite(h) || (h === 0 && /[1-9a-fA-F]/.test(s.slice(s.indexOf('x') + 1).replace(/[pP].*$/, ''))) ? null : h;
}

const HEX_FLOAT = /^([+-]?)0[xX]([0-9a-fA-F]*)(?:\.([0-9a-fA-F]*))?(?:[pP]([+-]?\d+))?$/;

/**
 * strtod's hexadecimal form (`0x10`, `0x1.8p3`), which Redis accepts wherever it reads a double
 * through strtod; null when s is not one. Overflow gives an infinity (the caller decides).
 */
export function parseHexDouble(s: string): number | null {
  if (s.length < 3) return null;
  const m = HEX_FLOAT.exec(s);
  if (m === null) return null;
  const int = m[2]!;
  const frac = m[3] ?? '';
  if (int.length + frac.length === 0) return null;
  const mant = Number(BigInt('0x' + (int + frac || '0')));
  const exp = (m[4] === undefined ? 0 : Number(m[4])) - 4 * frac.length;
  const v = exp >= -1074 ? mant * 2 ** exp : (mant * 2 ** (exp + 1074)) * 2 ** -1074;
  return m[1] === '-' ? -v : v;
}

/** LLONG_MAX/2 as a double (2^62): beyond it d2string leaves integers to fpconv_dtoa. */
const DOUBLE2LL_MAX = 4611686018427387904;

/**
 * Redis 7.2's reply form for doubles (fpconv_dtoa): shortest round-trip digits, plain notation for
 * moderate exponents, otherwise d.ddde±x with no zero padding; inf, -inf and nan spelled as Redis does.
 */
export function formatDouble(d: number): string {
  if (d === Infinity) return 'inf';
  if (d === -Infinity) return '-inf';
  if (Number.isNaN(d)) return 'nan';
  if (d === 0) return Object.is(d, -0) ? '-0' : '0';
  // Redis 7.2's d2string prints integral values within ±2^62 (its double2ll bound) as integers.
  if (Number.isInteger(d) && d >= -DOUBLE2LL_MAX && d <= DOUBLE2LL_MAX) {
    return Number.isSafeInteger(d) ? String(d) : BigInt(d).toString();
  }
  const neg = d < 0;
  const exp = (neg ? -d : d).toExponential();
  const e = exp.indexOf('e');
  const digits = exp.slice(0, e).replace('.', '');
  const nd = digits.length;
  const k = Number(exp.slice(e + 1)) - (nd - 1); // value = digits * 10^k
  const absExp = Math.abs(k + nd - 1);
  let out: string;
  if (k >= 0 && absExp < nd + 7) {
    out = digits + '0'.repeat(k);
  } else if (k < 0 && (k > -7 || absExp < 4)) {
    const offset = nd + k;
    out = offset <= 0 ? '0.' + '0'.repeat(-offset) + digits : digits.slice(0, offset) + '.' + digits.slice(offset);
  } else {
    const m = nd > 1 ? digits[0] + '.' + digits.slice(1) : digits;
    out = m + 'e' + (k + nd - 1 < 0 ? '-' : '+') + absExp;
  }
  return neg ? '-' + out : out;
}

/** C's isspace for the ASCII range. */
function isCSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}

/**
 * A double read the way a bare strtod call that must consume the whole string reads it (Redis's
 * zslParseRange): leading white space allowed, the empty string is 0, overflow gives an infinity
 * and underflow zero without error; NaN and trailing characters are rejected (null).
 */
export function parseStrtodFull(s: string): number | null {
  const n = s.length;
  if (n === 0) return 0;
  let i = 0;
  while (i < n && isCSpace(s.charCodeAt(i))) i++;
  if (i === n) return null;
  const t = i === 0 ? s : s.slice(i);
  if (DECIMAL.test(t)) return Number(t);
  const m = INFINITY.exec(t);
  if (m !== null) return m[1] === '-' ? -Infinity : Infinity;
  return parseHexDouble(t);
}
