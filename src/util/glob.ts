// Glob-style matching with the exact semantics of Redis's stringmatchlen (KEYS, SCAN MATCH, CONFIG
// GET, PSUBSCRIBE...). Patterns and subjects are latin1 strings, one char per byte.
//
// The rules, as Redis applies them:
// - `*` matches any run of bytes, `?` any one byte, `\x` the byte x (a trailing `\` is literal).
// - `[...]` matches one byte from a class: `[^...]` negates, `a-z` is a range (reversed ranges are
//   swapped; bounds compare as *signed* chars, as C does on x86, so `[a-\xff]` is `[\xff-a]`),
//   `\x` inside a class is x compared case-sensitively even in the nocase variant, and a `[` that is
//   never closed consumes the rest of the pattern but still tests the bytes it saw.
//   `x-]` is a range ending at `]`, which then does not close the class (Redis does the same).
// - The empty subject matches only the empty pattern (not even `*`): Redis's loop never starts.
//   Callers that special-case `*` (KEYS) do so themselves.
// - nocase folds only A-Z (the C locale's tolower).
// - Complexity: a `*` whose remainder failed at every later position proves that no enclosing `*`
//   can succeed by matching more, so the whole match fails at once (Redis's skipLongerMatches). That
//   keeps patterns like `*a*a*a*a*b` polynomial. `*` nesting deeper than 1000 reports no match, as
//   Redis does.

const STAR = 42;
const QUESTION = 63;
const LBRACKET = 91;
const RBRACKET = 93;
const BACKSLASH = 92;
const CARET = 94;
const DASH = 45;
const MAX_NESTING = 1000;

/** Set by a `*` that exhausted the subject; read by every enclosing `*`. One match runs at a time. */
let skipLonger = false;

function lower(c: number): number {
  return c >= 65 && c <= 90 ? c + 32 : c;
}

/** A byte as C's signed char. */
function signed(c: number): number {
  return c > 127 ? c - 256 : c;
}

/** The byte at i, or 0 past the end (sds strings carry a terminating NUL that Redis reads). */
function at(s: string, i: number, end: number): number {
  return i < end ? s.charCodeAt(i) : 0;
}

function matchFrom(p: string, pi: number, s: string, si: number, nocase: boolean, nesting: number): boolean {
  if (nesting > MAX_NESTING) return false;
  const pend = p.length;
  const send = s.length;
  while (pi < pend && si < send) {
    const pc = p.charCodeAt(pi);
    if (pc === STAR) {
      while (pi + 1 < pend && p.charCodeAt(pi + 1) === STAR) pi++;
      if (pi + 1 === pend) return true;
      for (; si < send; si++) {
        if (matchFrom(p, pi + 1, s, si, nocase, nesting + 1)) return true;
        if (skipLonger) return false;
      }
      skipLonger = true;
      return false;
    } else if (pc === QUESTION) {
      si++;
    } else if (pc === LBRACKET) {
      const sc = s.charCodeAt(si);
      pi++;
      const not = at(p, pi, pend) === CARET;
      if (not) pi++;
      let match = false;
      for (;;) {
        const c = at(p, pi, pend);
        if (c === BACKSLASH && pend - pi >= 2) {
          pi++;
          if (p.charCodeAt(pi) === sc) match = true;
        } else if (c === RBRACKET) {
          break;
        } else if (pi >= pend) {
          pi--; // unterminated: stay on the last byte so the step below lands at the end
          break;
        } else if (pend - pi >= 3 && p.charCodeAt(pi + 1) === DASH) {
          let start = signed(c);
          let end = signed(p.charCodeAt(pi + 2));
          let x = signed(sc);
          if (start > end) {
            const t = start;
            start = end;
            end = t;
          }
          if (nocase) {
            start = lower(start);
            end = lower(end);
            x = lower(x);
          }
          pi += 2;
          if (x >= start && x <= end) match = true;
        } else if (nocase ? lower(c) === lower(sc) : c === sc) {
          match = true;
        }
        pi++;
      }
      if (not) match = !match;
      if (!match) return false;
      si++;
    } else {
      let c = pc;
      if (c === BACKSLASH && pend - pi >= 2) c = p.charCodeAt(++pi);
      const sc = s.charCodeAt(si);
      if (nocase ? lower(c) !== lower(sc) : c !== sc) return false;
      si++;
    }
    pi++;
    if (si === send) {
      while (pi < pend && p.charCodeAt(pi) === STAR) pi++;
      break;
    }
  }
  return pi >= pend && si === send;
}

/** True when `subject` matches the glob `pattern` (Redis's stringmatchlen). */
export function globMatch(pattern: string, subject: string, nocase = false): boolean {
  skipLonger = false;
  return matchFrom(pattern, 0, subject, 0, nocase, 0);
}

/** True when the pattern is exactly `*`, which callers use to skip matching altogether (as KEYS does). */
export function isMatchAll(pattern: string): boolean {
  return pattern.length === 1 && pattern.charCodeAt(0) === STAR;
}
