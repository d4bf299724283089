// Where Redis 7.2 differs from the redis-server the facts were generated from (Debian's 7.0.15):
// new commands and subcommands, new arguments, changed flags. Each change names its 7.2 source.
// TODO(#2): complete from the 7.2 command reference.

import type { CommandFacts } from '../command.ts';

export function apply72(facts: Map<string, CommandFacts>): void {
  void facts;
}
