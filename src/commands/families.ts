// Every command family module, joined into one handler map keyed by full lowercase command name
// (`get`, `client|kill`). Adding a family: export `handlers` from its module and list it here.

import type { Handler } from './command.ts';
import { handlers as connection } from './connection.ts';
import { handlers as string } from './string.ts';

const FAMILIES: Record<string, Handler>[] = [connection, string];

export function allHandlers(): Map<string, Handler> {
  const all = new Map<string, Handler>();
  for (const family of FAMILIES) {
    for (const [name, h] of Object.entries(family)) {
      if (all.has(name)) throw new Error(`command ${name} has two handlers`);
      all.set(name, h);
    }
  }
  return all;
}
