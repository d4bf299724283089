// The command methods plus a small event surface (on/once/off), without exposing an EventEmitter's
// whole API on the client. An 'error' listener is always present: a connection error must never
// crash the process just because nobody listened.

import { EventEmitter } from 'node:events';
import { CommandMethods } from './commands.generated.ts';

export abstract class EventedCommands<R> extends CommandMethods<R> {
  protected readonly events = new EventEmitter();

  constructor() {
    super();
    this.events.on('error', () => {});
  }

  on(event: string, listener: (...args: never[]) => void): this {
    this.events.on(event, listener as (...a: unknown[]) => void);
    return this;
  }

  once(event: string, listener: (...args: never[]) => void): this {
    this.events.once(event, listener as (...a: unknown[]) => void);
    return this;
  }

  off(event: string, listener: (...args: never[]) => void): this {
    this.events.off(event, listener as (...a: unknown[]) => void);
    return this;
  }
}
