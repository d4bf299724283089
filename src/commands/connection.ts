// Connection commands: PING, ECHO (HELLO, AUTH, SELECT, QUIT, RESET follow).

import type { Client } from '../server/client.ts';
import type { Handler } from './command.ts';

/** PING [message] */
function pingCommand(c: Client, argv: string[]): void {
  if (argv.length === 1) c.w.simple('PONG');
  else c.w.bulk(argv[1]!);
}

/** ECHO message */
function echoCommand(c: Client, argv: string[]): void {
  c.w.bulk(argv[1]!);
}

export const handlers: Record<string, Handler> = {
  ping: pingCommand,
  echo: echoCommand,
};
