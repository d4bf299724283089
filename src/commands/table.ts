// The one command table: Redis's facts for each command (meta/) joined with our handlers (the
// family modules listed in families.ts). Only commands with a handler are in the table, so COMMAND,
// the dispatcher and the meta-test all see exactly what Respite implements.

import { Command, type CommandFacts, type Handler } from './command.ts';
import { allHandlers } from './families.ts';
import { loadFacts } from './meta/facts.ts';

export class CommandTable {
  /** Top-level commands by lowercase name, plus an uppercase alias of each for the common case. */
  readonly #byName = new Map<string, Command>();
  /** Top-level commands by lowercase name only (what COMMAND lists). */
  readonly commands = new Map<string, Command>();

  constructor(handlers: Map<string, Handler> = allHandlers(), facts: Map<string, CommandFacts> = loadFacts()) {
    const unknown = unknownHandlers(handlers, facts);
    if (unknown.length > 0) {
      // A handler under a name Redis does not have would silently never run: refuse to start.
      throw new Error(`handlers for commands not in the command facts: ${unknown.join(', ')}`);
    }
    for (const [name, f] of facts) {
      const cmd = build(f, handlers, null);
      if (cmd === null) continue;
      this.commands.set(name, cmd);
      this.#byName.set(name, cmd);
      this.#byName.set(name.toUpperCase(), cmd);
    }
  }

  /** The command named by argv[0] in any case, or undefined. */
  get(name: string): Command | undefined {
    return this.#byName.get(name) ?? this.commands.get(name.toLowerCase());
  }

  /**
   * The command (or subcommand) argv names, as Redis's lookupCommand: a container with argc >= 2
   * resolves its subcommand; `undefined` when unknown. `container` reports a container whose
   * subcommand was not found, for the "unknown subcommand" error.
   */
  lookup(argv: readonly string[]): { cmd: Command | undefined; container: Command | undefined } {
    const base = this.get(argv[0]!);
    if (base === undefined || base.subcommands === null || argv.length < 2) return { cmd: base, container: undefined };
    const sub = base.subcommands.get(argv[1]!.toLowerCase());
    return sub === undefined ? { cmd: undefined, container: base } : { cmd: sub, container: undefined };
  }

  /** Every command and subcommand, for stats and COMMAND LIST. */
  *all(): IterableIterator<Command> {
    for (const c of this.commands.values()) {
      yield c;
      if (c.subcommands !== null) yield* c.subcommands.values();
    }
  }
}

/** Handler names that name no command or subcommand in the facts. */
export function unknownHandlers(handlers: Map<string, Handler>, facts: Map<string, CommandFacts>): string[] {
  const known = new Set<string>();
  for (const [name, f] of facts) {
    known.add(name);
    for (const sub of f.subcommands ?? []) known.add(sub.name);
  }
  return [...handlers.keys()].filter((n) => !known.has(n)).sort();
}

function build(f: CommandFacts, handlers: Map<string, Handler>, parent: Command | null): Command | null {
  if (f.subcommands === undefined || f.subcommands.length === 0) {
    const h = handlers.get(f.name);
    return h === undefined ? null : new Command(f, h, parent, null);
  }
  const subs = new Map<string, Command>();
  const container = new Command(f, handlers.get(f.name) ?? null, parent, subs);
  for (const sf of f.subcommands) {
    const sub = build(sf, handlers, container);
    if (sub !== null) subs.set(sf.name.slice(sf.name.indexOf('|') + 1), sub);
  }
  return subs.size === 0 ? null : container;
}
