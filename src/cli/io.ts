// Output and input helpers: replies are bytes (latin1 strings), written back as bytes.

import { setTimeout as sleep } from 'node:timers/promises';

export function out(s: string): void {
  process.stdout.write(Buffer.from(s, 'latin1'));
}

export function err(s: string): void {
  process.stderr.write(Buffer.from(s, 'latin1'));
}

/** All of stdin, as a latin1 string. */
export async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  const b = Buffer.concat(chunks);
  return b.latin1Slice(0, b.length);
}

export function isTty(): boolean {
  return process.stdout.isTTY === true || process.env.FAKETTY !== undefined;
}

export { sleep };
