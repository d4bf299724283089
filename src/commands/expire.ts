// TODO(#2): this family's commands.

import type { Handler } from './command.ts';

export const handlers: Record<string, Handler> = {};
