// The slow log (Redis's slowlog.c): commands that took at least slowlog-log-slower-than
// microseconds, newest first, at most slowlog-max-len of them. call() makes one comparison per
// command; only a slow command reaches this module. Owned by the executor thread.

import type { Command } from '../commands/command.ts';
import type { Client } from './client.ts';
import { redactArgv } from './redact.ts';
import type { Server } from './server.ts';

/** Arguments kept per entry: past this, the last one says how many more there were. */
const MAX_ARGC = 32;
/** Bytes kept per argument: past this, the rest is summarised. */
const MAX_STRING = 128;

export interface SlowlogEntry {
  id: number;
  /** Unix time in seconds. */
  time: number;
  /** Microseconds. */
  duration: number;
  argv: string[];
  /** ip:port of the client. */
  peer: string;
  name: string;
}

export class Slowlog {
  /** Oldest first; entries before `head` are dropped ones not yet compacted away. */
  #entries: SlowlogEntry[] = [];
  #head = 0;
  nextId = 0;

  push(e: SlowlogEntry, max: number): void {
    this.#entries.push(e);
    this.trim(max);
  }

  trim(max: number): void {
    if (this.#entries.length - this.#head > max) this.#head = this.#entries.length - max;
    // Compact once the dropped part dominates, so a long-lived log stays O(1) per push.
    if (this.#head > 64 && this.#head * 2 > this.#entries.length) {
      this.#entries = this.#entries.slice(this.#head);
      this.#head = 0;
    }
  }

  get length(): number {
    return this.#entries.length - this.#head;
  }

  /** Up to `count` entries, newest first. */
  newest(count: number): SlowlogEntry[] {
    const out: SlowlogEntry[] = [];
    for (let i = this.#entries.length - 1; i >= this.#head && out.length < count; i--) out.push(this.#entries[i]!);
    return out;
  }

  reset(): void {
    this.#entries = [];
    this.#head = 0;
  }
}

const logs = new WeakMap<Server, Slowlog>();

export function slowlogOf(s: Server): Slowlog {
  let l = logs.get(s);
  if (l === undefined) {
    l = new Slowlog();
    logs.set(s, l);
  }
  return l;
}

/** Arguments as Redis keeps them: at most 32, each at most 128 bytes plus a note of the rest. */
function entryArgv(argv: readonly string[]): string[] {
  const argc = Math.min(argv.length, MAX_ARGC);
  const out: string[] = [];
  for (let j = 0; j < argc; j++) {
    if (argc !== argv.length && j === argc - 1) {
      out.push(`... (${argv.length - argc + 1} more arguments)`);
    } else {
      const a = argv[j]!;
      out.push(a.length > MAX_STRING ? `${a.slice(0, MAX_STRING)}... (${a.length - MAX_STRING} more bytes)` : a);
    }
  }
  return out;
}

/**
 * Logs a command that ran for `usec` microseconds; call() only calls this once the duration
 * reached slowlog-log-slower-than (which is then ≥ 0).
 */
export function slowlogPush(s: Server, c: Client, cmd: Command, argv: readonly string[], usec: number): void {
  // A command that blocked arrives here once it completes (dispatcher.commandCompleted).
  if (cmd.hasFlag('skip_slowlog')) return;
  const log = slowlogOf(s);
  const max = s.config.values['slowlog-max-len'] as number;
  log.push({
    id: log.nextId++,
    time: Math.floor(s.clock.now() / 1000),
    duration: Math.floor(usec),
    argv: entryArgv(redactArgv(cmd, argv)),
    peer: c.conn.remoteAddress,
    name: c.name,
  }, max);
}
