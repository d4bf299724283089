// Loads Redis's command facts (generated from a live redis-server by scripts/gen-command-table.ts),
// applies the Redis 7.2 differences, and adds our own summaries.

import type { CommandFacts } from '../command.ts';
import raw from './redis-facts.json' with { type: 'json' };
import { apply72 } from './redis-7.2.ts';
import { SUMMARIES } from './summaries.ts';

let cache: Map<string, CommandFacts> | null = null;

export function loadFacts(): Map<string, CommandFacts> {
  if (cache !== null) return cache;
  const facts = new Map<string, CommandFacts>();
  // A deep copy, so patches never alter the imported JSON module.
  const commands = structuredClone(raw.commands) as unknown as Record<string, CommandFacts>;
  for (const [name, f] of Object.entries(commands)) facts.set(name, f);
  apply72(facts);
  for (const f of facts.values()) addSummary(f);
  cache = facts;
  return facts;
}

function addSummary(f: CommandFacts): void {
  const s = SUMMARIES[f.name];
  if (s !== undefined) f.docs.summary = s;
  for (const sub of f.subcommands ?? []) addSummary(sub);
}
