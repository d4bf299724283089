// Loads Redis's command facts (generated from a live redis-server by scripts/gen-command-table.ts),
// applies the Redis 7.2 differences, and puts in our own prose (summaries, history wording,
// key-spec notes, complexity explanations), which the JSON leaves empty.

import type { CommandDocs, CommandFacts } from '../command.ts';
import raw from './redis-facts.json' with { type: 'json' };
import { applyProse } from './prose.ts';
import { apply72 } from './redis-7.2.ts';

let cache: Map<string, CommandFacts> | null = null;

/** Every command's facts, by lowercase name; subcommands carry their own `docs`. */
export function loadFacts(): Map<string, CommandFacts> {
  if (cache !== null) return cache;
  cache = buildFacts();
  return cache;
}

/** A fresh copy of the facts (the meta-tests build their own to compare). */
export function buildFacts(): Map<string, CommandFacts> {
  const facts = normalize(raw.commands as unknown as Record<string, RawFacts>);
  apply72(facts);
  applyProse(facts);
  return facts;
}

/** The JSON as generated: a subcommand's docs live in its container's `docs.subcommands`. */
interface RawFacts extends Omit<CommandFacts, 'subcommands' | 'docs'> {
  subcommands?: Omit<CommandFacts, 'docs'>[];
  docs: CommandDocs;
}

/** A deep copy (patches never alter the imported JSON module) with each subcommand's docs moved onto it. */
export function normalize(commands: Record<string, RawFacts>): Map<string, CommandFacts> {
  const facts = new Map<string, CommandFacts>();
  for (const [name, r] of Object.entries(structuredClone(commands))) {
    const { subcommands: subDocs, ...docs } = r.docs;
    const f: CommandFacts = { ...r, docs, subcommands: undefined };
    if (r.subcommands !== undefined) {
      f.subcommands = r.subcommands.map((s) => ({ ...s, docs: subDocs?.[s.name] ?? {} }));
    } else delete f.subcommands;
    facts.set(name, f);
  }
  return facts;
}
