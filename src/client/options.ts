// The client's options and its default reconnect policy.

import type tls from 'node:tls';
import type { Arg } from './request-buffer.ts';

export interface ClientOptions {
  /** redis://user:pass@host:port/db, rediss://..., unix:///path?db=N; explicit options win. */
  url?: string;
  host?: string;
  port?: number;
  /** A Unix socket path (instead of host and port). */
  path?: string;
  tls?: boolean | tls.ConnectionOptions;
  username?: string;
  password?: string;
  db?: number;
  /** 2 (default) or 3: RESP3 is negotiated with HELLO 3. */
  protocol?: 2 | 3;
  /** CLIENT SETNAME on every connection. */
  name?: string;
  /** Bulk replies as Buffers (binary safe) instead of strings. */
  buffers?: boolean;
  /** How strings travel: utf8 (default) or latin1 (one char per byte, binary safe as strings). */
  encoding?: 'utf8' | 'latin1';
  /** Milliseconds to open the connection and run the handshake (default 10000). */
  connectTimeout?: number;
  /** Milliseconds a command may wait for its reply (default 0: no limit). */
  commandTimeout?: number;
  /** Delay before reconnect attempt `attempt` (1, 2, ...), or null to give up. */
  retryStrategy?: (attempt: number, err: Error | undefined) => number | null;
  /** Coalesce the commands of one tick into one write (default true). */
  autoPipelining?: boolean;
  /** Queue commands while (re)connecting instead of failing them (default true). */
  offlineQueue?: boolean;
  /** Do not connect until connect() or the first command (default false). */
  lazyConnect?: boolean;
}

export type ClientState = 'idle' | 'connecting' | 'handshake' | 'ready' | 'reconnecting' | 'closing' | 'end';

/** Exponential backoff from 50 ms, capped at 2 s, retrying forever. */
export function defaultRetryStrategy(attempt: number): number {
  return Math.min(50 * 2 ** (attempt - 1), 2000);
}

/** What every new connection sends first: HELLO 3 (with AUTH and SETNAME) or AUTH, SETNAME; then SELECT. */
export function handshakeCommands(o: ClientOptions, db: number): Arg[][] {
  const steps: Arg[][] = [];
  if (o.protocol === 3) {
    const hello: Arg[] = ['HELLO', '3'];
    if (o.password !== undefined) hello.push('AUTH', o.username ?? 'default', o.password);
    if (o.name !== undefined) hello.push('SETNAME', o.name);
    steps.push(hello);
  } else {
    if (o.password !== undefined) steps.push(o.username !== undefined ? ['AUTH', o.username, o.password] : ['AUTH', o.password]);
    if (o.name !== undefined) steps.push(['CLIENT', 'SETNAME', o.name]);
  }
  if (db !== 0) steps.push(['SELECT', db]);
  return steps;
}
