// Byte-level pieces of request parsing: Redis's string2ll for count lines, its strchr line search,
// and short latin1 strings built in JS. Used by request-parser.ts; owned by whoever parses.

const INT64_MAX_DIGITS = '9223372036854775807';
const INT64_MIN_DIGITS = '9223372036854775808';

/**
 * Parses a decimal integer the way Redis's string2ll does: optional '-', no '+', no leading zeros,
 * no spaces, within the int64 range. Returns NaN when the bytes are not such a number. The value is
 * a double: exact for the counts Redis accepts (far inside 2^53), and only compared beyond that.
 */
export function parseCount(buf: Uint8Array, start: number, end: number): number {
  const len = end - start;
  if (len <= 0 || len > 20) return NaN;
  let i = start;
  let neg = false;
  if (buf[i] === 45) {
    neg = true;
    i++;
    if (i === end) return NaN;
  }
  if (buf[i] === 48) return i + 1 === end && !neg ? 0 : NaN;
  const digits = end - i;
  let v = 0;
  for (let j = i; j < end; j++) {
    const d = buf[j]! - 48;
    if (d < 0 || d > 9) return NaN;
    v = v * 10 + d;
  }
  if (digits > 19) return NaN;
  if (digits === 19) {
    // Out of int64 range is invalid, not merely big: compare the digits exactly.
    const limit = neg ? INT64_MIN_DIGITS : INT64_MAX_DIGITS;
    for (let j = 0; j < 19; j++) {
      const d = buf[i + j]!;
      const l = limit.charCodeAt(j);
      if (d !== l) {
        if (d > l) return NaN;
        break;
      }
    }
  }
  return neg ? -v : v;
}

/**
 * Where a line ends, as Redis finds it with strchr: the first `term` byte from `from`, or -1 when
 * there is none or a NUL byte comes first (strchr stops there, so Redis keeps waiting for more bytes
 * until the size limit errors out). Only the line itself is scanned.
 */
export function lineEnd(buf: Buffer, from: number, term: number): number {
  // Count lines (`*3`, `$5`) are a few bytes: scanning them in JS beats a call into C++ (indexOf).
  const near = Math.min(buf.length, from + 32);
  for (let i = from; i < near; i++) {
    const b = buf[i]!;
    if (b === term) return i;
    if (b === 0) return -1;
  }
  if (near === buf.length) return -1;
  const end = buf.indexOf(term, near);
  if (end === -1) return -1;
  for (let i = near; i < end; i++) if (buf[i] === 0) return -1;
  return end;
}

/** Arguments up to this many bytes are built in JS (shortLatin1), longer ones by latin1Slice. */
export const SHORT_ARG = 24;

/**
 * A string of at most SHORT_ARG bytes, built in JS: command names, keys, fields, small values and
 * numbers are this short, and String.fromCharCode with the bytes as arguments (one builtin, no C++
 * call) measured ~55 ns for 16 bytes and ~78 for 24, against ~95 and ~113 for latin1Slice.
 */
export function shortLatin1(b: Buffer, s: number, n: number): string {
  const f = String.fromCharCode;
  switch (n) {
    case 0:
      return '';
    case 1:
      return f(b[s]!);
    case 2:
      return f(b[s]!, b[s + 1]!);
    case 3:
      return f(b[s]!, b[s + 1]!, b[s + 2]!);
    case 4:
      return f(b[s]!, b[s + 1]!, b[s + 2]!, b[s + 3]!);
    case 5:
      return f(b[s]!, b[s + 1]!, b[s + 2]!, b[s + 3]!, b[s + 4]!);
    case 6:
      return f(b[s]!, b[s + 1]!, b[s + 2]!, b[s + 3]!, b[s + 4]!, b[s + 5]!);
    case 7:
      return f(b[s]!, b[s + 1]!, b[s + 2]!, b[s + 3]!, b[s + 4]!, b[s + 5]!, b[s + 6]!);
    case 8:
      return f(b[s]!, b[s + 1]!, b[s + 2]!, b[s + 3]!, b[s + 4]!, b[s + 5]!, b[s + 6]!, b[s + 7]!);
    case 9:
      return f(b[s]!, b[s + 1]!, b[s + 2]!, b[s + 3]!, b[s + 4]!, b[s + 5]!, b[s + 6]!, b[s + 7]!, b[s + 8]!);
    case 10:
      return f(b[s]!, b[s + 1]!, b[s + 2]!, b[s + 3]!, b[s + 4]!, b[s + 5]!, b[s + 6]!, b[s + 7]!, b[s + 8]!, b[s + 9]!);
    case 11:
      return f(b[s]!, b[s + 1]!, b[s + 2]!, b[s + 3]!, b[s + 4]!, b[s + 5]!, b[s + 6]!, b[s + 7]!, b[s + 8]!, b[s + 9]!, b[s + 10]!);
    case 12:
      return f(b[s]!, b[s + 1]!, b[s + 2]!, b[s + 3]!, b[s + 4]!, b[s + 5]!, b[s + 6]!, b[s + 7]!, b[s + 8]!, b[s + 9]!, b[s + 10]!, b[s + 11]!);
    case 13:
      return f(b[s]!, b[s + 1]!, b[s + 2]!, b[s + 3]!, b[s + 4]!, b[s + 5]!, b[s + 6]!, b[s + 7]!, b[s + 8]!, b[s + 9]!, b[s + 10]!, b[s + 11]!, b[s + 12]!);
    case 14:
      return f(b[s]!, b[s + 1]!, b[s + 2]!, b[s + 3]!, b[s + 4]!, b[s + 5]!, b[s + 6]!, b[s + 7]!, b[s + 8]!, b[s + 9]!, b[s + 10]!, b[s + 11]!, b[s + 12]!, b[s + 13]!);
    case 15:
      return f(b[s]!, b[s + 1]!, b[s + 2]!, b[s + 3]!, b[s + 4]!, b[s + 5]!, b[s + 6]!, b[s + 7]!, b[s + 8]!, b[s + 9]!, b[s + 10]!, b[s + 11]!, b[s + 12]!, b[s + 13]!, b[s + 14]!);
    case 16:
      return f(b[s]!, b[s + 1]!, b[s + 2]!, b[s + 3]!, b[s + 4]!, b[s + 5]!, b[s + 6]!, b[s + 7]!, b[s + 8]!, b[s + 9]!, b[s + 10]!, b[s + 11]!, b[s + 12]!, b[s + 13]!, b[s + 14]!, b[s + 15]!);
    case 17:
      return f(b[s]!, b[s + 1]!, b[s + 2]!, b[s + 3]!, b[s + 4]!, b[s + 5]!, b[s + 6]!, b[s + 7]!, b[s + 8]!, b[s + 9]!, b[s + 10]!, b[s + 11]!, b[s + 12]!, b[s + 13]!, b[s + 14]!, b[s + 15]!, b[s + 16]!);
    case 18:
      return f(b[s]!, b[s + 1]!, b[s + 2]!, b[s + 3]!, b[s + 4]!, b[s + 5]!, b[s + 6]!, b[s + 7]!, b[s + 8]!, b[s + 9]!, b[s + 10]!, b[s + 11]!, b[s + 12]!, b[s + 13]!, b[s + 14]!, b[s + 15]!, b[s + 16]!, b[s + 17]!);
    case 19:
      return f(b[s]!, b[s + 1]!, b[s + 2]!, b[s + 3]!, b[s + 4]!, b[s + 5]!, b[s + 6]!, b[s + 7]!, b[s + 8]!, b[s + 9]!, b[s + 10]!, b[s + 11]!, b[s + 12]!, b[s + 13]!, b[s + 14]!, b[s + 15]!, b[s + 16]!, b[s + 17]!, b[s + 18]!);
    case 20:
      return f(b[s]!, b[s + 1]!, b[s + 2]!, b[s + 3]!, b[s + 4]!, b[s + 5]!, b[s + 6]!, b[s + 7]!, b[s + 8]!, b[s + 9]!, b[s + 10]!, b[s + 11]!, b[s + 12]!, b[s + 13]!, b[s + 14]!, b[s + 15]!, b[s + 16]!, b[s + 17]!, b[s + 18]!, b[s + 19]!);
    case 21:
      return f(b[s]!, b[s + 1]!, b[s + 2]!, b[s + 3]!, b[s + 4]!, b[s + 5]!, b[s + 6]!, b[s + 7]!, b[s + 8]!, b[s + 9]!, b[s + 10]!, b[s + 11]!, b[s + 12]!, b[s + 13]!, b[s + 14]!, b[s + 15]!, b[s + 16]!, b[s + 17]!, b[s + 18]!, b[s + 19]!, b[s + 20]!);
    case 22:
      return f(b[s]!, b[s + 1]!, b[s + 2]!, b[s + 3]!, b[s + 4]!, b[s + 5]!, b[s + 6]!, b[s + 7]!, b[s + 8]!, b[s + 9]!, b[s + 10]!, b[s + 11]!, b[s + 12]!, b[s + 13]!, b[s + 14]!, b[s + 15]!, b[s + 16]!, b[s + 17]!, b[s + 18]!, b[s + 19]!, b[s + 20]!, b[s + 21]!);
    case 23:
      return f(b[s]!, b[s + 1]!, b[s + 2]!, b[s + 3]!, b[s + 4]!, b[s + 5]!, b[s + 6]!, b[s + 7]!, b[s + 8]!, b[s + 9]!, b[s + 10]!, b[s + 11]!, b[s + 12]!, b[s + 13]!, b[s + 14]!, b[s + 15]!, b[s + 16]!, b[s + 17]!, b[s + 18]!, b[s + 19]!, b[s + 20]!, b[s + 21]!, b[s + 22]!);
    default:
      return f(b[s]!, b[s + 1]!, b[s + 2]!, b[s + 3]!, b[s + 4]!, b[s + 5]!, b[s + 6]!, b[s + 7]!, b[s + 8]!, b[s + 9]!, b[s + 10]!, b[s + 11]!, b[s + 12]!, b[s + 13]!, b[s + 14]!, b[s + 15]!, b[s + 16]!, b[s + 17]!, b[s + 18]!, b[s + 19]!, b[s + 20]!, b[s + 21]!, b[s + 22]!, b[s + 23]!);
  }
}

/** isspace: what separates inline arguments. */
function isBlank(b: number): boolean {
  return b === 32 || (b >= 9 && b <= 13);
}

/** Inside an unquoted argument only these end it (not \v or \f), as in sdssplitargs. */
function endsArg(b: number): boolean {
  return b === 32 || b === 10 || b === 13 || b === 9;
}

/**
 * An inline request's arguments read straight from the bytes [start, end) when the line has no
 * quote and no NUL (split-args.ts's bare case, with the same blanks): no line string, and one array
 * of the right size. Returns null for a line that needs splitArgs.
 */
export function bareInlineArgs(buf: Buffer, start: number, end: number): string[] | null {
  let count = 0;
  for (let i = start; ;) {
    while (i < end && isBlank(buf[i]!)) i++;
    if (i >= end) break;
    count++;
    for (; i < end && !endsArg(buf[i]!); i++) {
      const b = buf[i]!;
      if (b === 34 || b === 39 || b === 0) return null; // " ' NUL
    }
  }
  const argv = new Array<string>(count);
  for (let i = start, k = 0; k < count; k++) {
    while (isBlank(buf[i]!)) i++;
    const s = i;
    while (i < end && !endsArg(buf[i]!)) i++;
    argv[k] = i - s <= SHORT_ARG ? shortLatin1(buf, s, i - s) : buf.latin1Slice(s, i);
  }
  return argv;
}
