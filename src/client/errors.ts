// Errors the client raises itself (server errors are ReplyError from the protocol layer).

/** The connection closed (or could not open) before the command got its reply. */
export class ConnectionError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'ConnectionError';
  }
}

/** A command or the connection attempt took longer than its timeout. */
export class TimeoutError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TimeoutError';
  }
}
