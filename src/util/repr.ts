// Redis's sdscatrepr: a latin1 string quoted, with escapes for the quote, the backslash, \n \r \t
// \a \b, and \xHH for every other byte outside printable ASCII. Used by log lines, MONITOR, CLIENT
// LIST's name checks and config errors, as Redis uses it.

export function repr(bytes: string): string {
  let out = '"';
  for (let i = 0; i < bytes.length; i++) {
    const ch = bytes.charCodeAt(i);
    if (ch === 0x5c) out += '\\\\';
    else if (ch === 0x22) out += '\\"';
    else if (ch === 10) out += '\\n';
    else if (ch === 13) out += '\\r';
    else if (ch === 9) out += '\\t';
    else if (ch === 7) out += '\\a';
    else if (ch === 8) out += '\\b';
    else if (ch >= 32 && ch < 127) out += bytes[i];
    else out += '\\x' + ch.toString(16).padStart(2, '0');
  }
  return out + '"';
}
