// The shape of one entry in the command table, and of a handler. Facts come from
// meta/redis-facts.json (generated from a live redis-server, patched to 7.2 in meta/redis-7.2.ts);
// handlers come from the family modules. See table.ts for how they are joined.

import type { Client } from '../server/client.ts';
import type { LatencyHistogram } from '../server/latency-histogram.ts';

/** A handler: arguments already checked for arity by the dispatcher; replies through c.w. */
export type Handler = (c: Client, argv: string[]) => void;

/** A key spec as COMMAND INFO reports it. */
export interface KeySpec {
  flags: string[];
  notes?: string;
  begin_search: { type: string; spec: Record<string, unknown> };
  find_keys: { type: string; spec: Record<string, unknown> };
}

/** The facts of one command as stored in the meta files (also those of a subcommand). */
export interface CommandFacts {
  name: string;
  arity: number;
  flags: string[];
  first: number;
  last: number;
  step: number;
  acl: string[];
  tips: string[];
  key_specs: KeySpec[];
  subcommands?: CommandFacts[];
  docs: CommandDocs;
}

export interface CommandArg {
  name: string;
  type: string;
  display_text?: string;
  key_spec_index?: number;
  token?: string;
  summary?: string;
  since?: string;
  flags?: string[];
  deprecated_since?: string;
  arguments?: CommandArg[];
  value?: string;
}

export interface CommandDocs {
  summary?: string;
  since?: string;
  group?: string;
  complexity?: string;
  doc_flags?: string[];
  deprecated_since?: string;
  replaced_by?: string;
  history?: [string, string][];
  arguments?: CommandArg[];
  subcommands?: Record<string, CommandDocs>;
}

/** Per-command counters for INFO commandstats. */
export interface CommandStats {
  calls: number;
  usec: number;
  rejected: number;
  failed: number;
  /** The per-command latency histogram (server/latency-histogram.ts), made by the first call. */
  hist: LatencyHistogram | null;
}

export class Command {
  /** Lowercase name as COMMAND reports it: `get`, or `client|kill` for a subcommand. */
  readonly fullName: string;
  readonly facts: CommandFacts;
  readonly handler: Handler | null;
  readonly parent: Command | null;
  /** Subcommands by lowercase name (`kill`), or null for a plain command. */
  readonly subcommands: Map<string, Command> | null;
  readonly arity: number;
  // Flags the dispatcher tests on every call, precomputed.
  readonly isWrite: boolean;
  readonly noAuth: boolean;
  readonly denyOom: boolean;
  readonly noMulti: boolean;
  readonly noScript: boolean;
  readonly loading: boolean;
  readonly stale: boolean;
  readonly isReadonly: boolean;
  readonly stats: CommandStats = { calls: 0, usec: 0, rejected: 0, failed: 0, hist: null };

  constructor(facts: CommandFacts, handler: Handler | null, parent: Command | null, subs: Map<string, Command> | null) {
    this.facts = facts;
    this.fullName = facts.name;
    this.handler = handler;
    this.parent = parent;
    this.subcommands = subs;
    this.arity = facts.arity;
    const f = new Set(facts.flags);
    this.isWrite = f.has('write');
    this.noAuth = f.has('no_auth');
    this.denyOom = f.has('denyoom');
    this.noMulti = f.has('no_multi');
    this.noScript = f.has('noscript');
    this.loading = f.has('loading');
    this.stale = f.has('stale');
    this.isReadonly = f.has('readonly');
  }

  hasFlag(flag: string): boolean {
    return this.facts.flags.includes(flag);
  }

  /** True when argc satisfies the arity (negative arity: at least -arity). */
  arityOk(argc: number): boolean {
    const a = this.arity;
    return a >= 0 ? argc === a : argc >= -a;
  }
}
