// A command waiting for its reply, and how a caller may ask for it to be delivered.

import type { ReplyValue } from '../protocol/reply-reader.ts';

export interface SendOptions {
  buffers?: boolean;
  errorsAsValues?: boolean;
}

/** One command waiting for its reply. */
export class Pending {
  resolve: (v: ReplyValue) => void;
  reject: (e: Error) => void;
  buffers: boolean;
  /** Subscribe-family confirmations still expected (0 for an ordinary command). */
  confirmations = 0;
  deadline = 0;
  timedOut = false;
  /** Errors resolve as values instead of rejecting (pipelines and transactions). */
  errorsAsValues = false;
  /** A successful SELECT moves the connection's db (kept for reconnects). */
  selectDb = -1;
  constructor(resolve: (v: ReplyValue) => void, reject: (e: Error) => void, buffers: boolean) {
    this.resolve = resolve;
    this.reject = reject;
    this.buffers = buffers;
  }
}
