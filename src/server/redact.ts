// Arguments Redis hides from MONITOR and SLOWLOG (its redactClientCommandArgument): passwords of
// AUTH, HELLO ... AUTH, MIGRATE ... AUTH/AUTH2 and CONFIG SET of sensitive options. Only called when
// a line or an entry is actually produced, never on the plain command path.

import type { Command } from '../commands/command.ts';

export const REDACTED = '(redacted)';

/** CONFIG SET values Redis 7.2 treats as secrets (SENSITIVE_CONFIG). */
const SENSITIVE_CONFIGS = new Set(['masterauth', 'masteruser', 'requirepass', 'tls-key-file-pass',
  'tls-client-key-file-pass']);

/** argv itself, or a copy with the secret arguments replaced by "(redacted)". */
export function redactArgv(cmd: Command, argv: readonly string[]): readonly string[] {
  switch (cmd.fullName) {
    case 'auth':
      // Redis redacts once the argument count is accepted (AUTH takes one or two arguments).
      return argv.length <= 3 ? argv.map((a, i) => (i === 0 ? a : REDACTED)) : argv;
    case 'hello':
      return redactHello(argv);
    case 'migrate':
      return redactMigrate(argv);
    case 'config|set':
      return redactConfigSet(argv);
    default:
      return argv;
  }
}

function redactHello(argv: readonly string[]): readonly string[] {
  let out: string[] | null = null;
  for (let j = 2; j < argv.length; j++) {
    const opt = argv[j]!.toLowerCase();
    const more = argv.length - 1 - j;
    if (opt === 'auth' && more >= 2) {
      out ??= argv.slice();
      out[j + 1] = REDACTED;
      out[j + 2] = REDACTED;
      j += 2;
    } else if (opt === 'setname' && more >= 1) {
      j++;
    } else {
      break;
    }
  }
  return out ?? argv;
}

function redactMigrate(argv: readonly string[]): readonly string[] {
  let out: string[] | null = null;
  for (let j = 6; j < argv.length; j++) {
    const opt = argv[j]!.toLowerCase();
    const more = argv.length - 1 - j;
    if (opt === 'auth' && more >= 1) {
      out ??= argv.slice();
      out[j + 1] = REDACTED;
      j++;
    } else if (opt === 'auth2' && more >= 2) {
      out ??= argv.slice();
      out[j + 1] = REDACTED;
      out[j + 2] = REDACTED;
      j += 2;
    } else if (opt === 'keys') {
      break;
    }
  }
  return out ?? argv;
}

function redactConfigSet(argv: readonly string[]): readonly string[] {
  let out: string[] | null = null;
  for (let j = 2; j + 1 < argv.length; j += 2) {
    if (SENSITIVE_CONFIGS.has(argv[j]!.toLowerCase())) {
      out ??= argv.slice();
      out[j + 1] = REDACTED;
    }
  }
  return out ?? argv;
}
