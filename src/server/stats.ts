// Server-wide counters for INFO stats / errorstats. Per-command counters live on each Command.

import { errorCode } from '../protocol/errors.ts';

export class ServerStats {
  totalConnections = 0;
  rejectedConnections = 0;
  totalCommands = 0;
  netInputBytes = 0;
  netOutputBytes = 0;
  totalErrorReplies = 0;
  /** Error replies by prefix (ERR, WRONGTYPE...), for errorstat_<prefix>. */
  readonly errors = new Map<string, number>();
  clientQueryBufferLimitDisconnections = 0;
  clientOutputBufferLimitDisconnections = 0;

  countError(message: string): void {
    this.totalErrorReplies++;
    const code = errorCode(message);
    this.errors.set(code, (this.errors.get(code) ?? 0) + 1);
  }

  reset(): void {
    this.totalConnections = 0;
    this.rejectedConnections = 0;
    this.totalCommands = 0;
    this.netInputBytes = 0;
    this.netOutputBytes = 0;
    this.totalErrorReplies = 0;
    this.errors.clear();
    this.clientQueryBufferLimitDisconnections = 0;
    this.clientOutputBufferLimitDisconnections = 0;
  }
}
