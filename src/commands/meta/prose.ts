// Our own prose in place of Redis's: one-line summaries (summaries.ts), the wording of history
// entries (history.ts), key-spec notes (notes.ts) and complexity explanations (complexity.ts).
// Versions, names, tokens and bare complexity formulas are facts and stay as generated; only the
// sentences are ours.

import type { CommandFacts } from '../command.ts';
import { COMPLEXITY } from './complexity.ts';
import { HISTORY } from './history.ts';
import { NOTES } from './notes.ts';
import { SUMMARIES } from './summaries.ts';

export function applyProse(facts: Map<string, CommandFacts>): void {
  for (const f of facts.values()) {
    proseFor(f);
    for (const sub of f.subcommands ?? []) proseFor(sub);
  }
}

function proseFor(f: CommandFacts): void {
  const summary = SUMMARIES[f.name];
  if (summary !== undefined) f.docs.summary = summary;
  const complexity = COMPLEXITY[f.name];
  if (complexity !== undefined) f.docs.complexity = complexity;
  const ours = HISTORY[f.name];
  const h = f.docs.history;
  if (ours !== undefined && h !== undefined) {
    // The 7.2 patches may already carry our wording; the map covers the generated entries.
    for (let i = 0; i < h.length && i < ours.length; i++) h[i] = [h[i]![0], ours[i]!];
  }
  const notes = NOTES[f.name];
  if (notes !== undefined) {
    for (let i = 0; i < f.key_specs.length; i++) {
      const n = notes[i];
      if (n !== undefined && n !== '') f.key_specs[i]!.notes = n;
    }
  }
}
