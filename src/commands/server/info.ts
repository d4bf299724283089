// INFO [section [section ...]]: Redis's sections in Redis's order. No argument or `default` gives
// the default sections; `all` and `everything` add commandstats and latencystats; unknown names
// add nothing. The text is a verbatim string in RESP3 and a bulk string in RESP2, lines ending \r\n.

import type { Client } from '../../server/client.ts';
import type { Server } from '../../server/server.ts';
import type { Handler } from '../command.ts';
import { SECTIONS } from './info-sections.ts';

const NOT_DEFAULT = new Set(['commandstats', 'latencystats']);

/** The section names an INFO call asks for. */
export function selectSections(args: readonly string[]): Set<string> {
  const want = new Set<string>();
  const names = args.length === 0 ? ['default'] : args.map((a) => a.toLowerCase());
  for (const n of names) {
    if (n === 'all' || n === 'everything') {
      for (const [s] of SECTIONS) want.add(s);
    } else if (n === 'default') {
      for (const [s] of SECTIONS) if (!NOT_DEFAULT.has(s)) want.add(s);
    } else {
      want.add(n);
    }
  }
  return want;
}

/** The INFO text for the given sections. */
export function infoString(server: Server, want: Set<string>): string {
  let out = '';
  for (const [name, title, fields] of SECTIONS) {
    if (!want.has(name)) continue;
    if (out !== '') out += '\r\n';
    out += `# ${title}\r\n`;
    for (const [k, v] of fields(server)) out += `${k}:${v}\r\n`;
  }
  return out;
}

/** INFO [section [section ...]] */
function infoCommand(c: Client, argv: string[]): void {
  c.w.verbatim(infoString(c.server, selectSections(argv.slice(1))));
}

export const handlers: Record<string, Handler> = { info: infoCommand };
