// Splits a line into arguments with the rules of Redis's sdssplitargs, which both inline commands
// and redis.conf lines use: blanks separate arguments; "double quotes" understand \n \r \t \b \a,
// \xHH and \<char>; 'single quotes' understand only \'; a closing quote must be followed by a blank
// or the end of the line. Returns null for unbalanced quotes. Works on latin1 strings (bytes).

function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}

function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return -1;
}

const ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', b: '\b', a: '\x07' };

/** Inside an argument only these end it (isspace's \v and \f do not, as in sdssplitargs). */
function endsBareArg(c: number): boolean {
  return c === 32 || c === 10 || c === 13 || c === 9;
}

/** The common case, a line without quotes: arguments are slices, with no per-character copying. */
function splitBare(line: string): string[] {
  const out: string[] = [];
  const n = line.length;
  let i = 0;
  for (;;) {
    while (i < n && isSpace(line.charCodeAt(i))) i++;
    if (i >= n) return out;
    const start = i;
    while (i < n && !endsBareArg(line.charCodeAt(i))) i++;
    out.push(line.slice(start, i));
  }
}

export function splitArgs(input: string): string[] | null {
  // Redis splits a C string: a NUL byte ends the line.
  const nul = input.indexOf('\0');
  const line = nul === -1 ? input : input.slice(0, nul);
  if (!line.includes('"') && !line.includes("'")) return splitBare(line);
  const out: string[] = [];
  const n = line.length;
  let i = 0;
  for (;;) {
    while (i < n && isSpace(line.charCodeAt(i))) i++;
    if (i >= n) return out;
    let cur = '';
    let inDouble = false;
    let inSingle = false;
    let done = false;
    while (!done) {
      if (inDouble) {
        if (i >= n) return null;
        const ch = line[i]!;
        if (ch === '\\' && line[i + 1] === 'x' && i + 3 < n && hexValue(line.charCodeAt(i + 2)) >= 0 &&
          hexValue(line.charCodeAt(i + 3)) >= 0) {
          cur += String.fromCharCode(hexValue(line.charCodeAt(i + 2)) * 16 + hexValue(line.charCodeAt(i + 3)));
          i += 3;
        } else if (ch === '\\' && i + 1 < n) {
          i++;
          const e = line[i]!;
          cur += ESCAPES[e] ?? e;
        } else if (ch === '"') {
          // The closing quote must be followed by a space or nothing at all.
          if (i + 1 < n && !isSpace(line.charCodeAt(i + 1))) return null;
          done = true;
        } else {
          cur += ch;
        }
      } else if (inSingle) {
        if (i >= n) return null;
        const ch = line[i]!;
        if (ch === '\\' && line[i + 1] === "'") {
          i++;
          cur += "'";
        } else if (ch === "'") {
          if (i + 1 < n && !isSpace(line.charCodeAt(i + 1))) return null;
          done = true;
        } else {
          cur += ch;
        }
      } else {
        if (i >= n) {
          done = true;
          break;
        }
        const ch = line[i]!;
        if (endsBareArg(line.charCodeAt(i))) {
          done = true;
        } else if (ch === '"') {
          inDouble = true;
        } else if (ch === "'") {
          inSingle = true;
        } else {
          cur += ch;
        }
      }
      if (i < n) i++;
    }
    out.push(cur);
  }
}
