// Server configuration: typed values the hot path reads directly (config.values.hz), behind
// Redis's option names. The option registry (names, aliases, types, bounds, defaults, mutability)
// lives in config-options.ts; redis.conf / argv parsing in config-file.ts; CONFIG GET/SET in
// commands/config.ts. All three use this class.

/** A client-output-buffer-limit class: bytes and seconds, 0 meaning no limit. */
export interface OutputLimit {
  hard: number;
  soft: number;
  softSeconds: number;
}

export interface ConfigValues {
  port: number;
  bind: string[];
  unixsocket: string;
  unixsocketperm: number;
  databases: number;
  hz: number;
  timeout: number;
  tcpKeepalive: number;
  maxclients: number;
  requirepass: string;
  protectedMode: boolean;
  loglevel: string;
  logfile: string;
  dir: string;
  protoMaxBulkLen: number;
  clientQueryBufferLimit: number;
  clientOutputBufferLimit: { normal: OutputLimit; replica: OutputLimit; pubsub: OutputLimit };
  /** Further options registered by later subsystems, by Redis name. */
  [extra: string]: unknown;
}

export function defaultValues(): ConfigValues {
  return {
    port: 6379,
    // Loopback by default, as the redis.conf Redis ships with (the compiled-in default is all interfaces).
    bind: ['127.0.0.1', '-::1'],
    unixsocket: '',
    unixsocketperm: 0,
    databases: 16,
    hz: 10,
    timeout: 0,
    tcpKeepalive: 300,
    maxclients: 10000,
    requirepass: '',
    protectedMode: true,
    loglevel: 'notice',
    logfile: '',
    dir: process.cwd(),
    protoMaxBulkLen: 512 * 1024 * 1024,
    clientQueryBufferLimit: 1024 * 1024 * 1024,
    clientOutputBufferLimit: {
      normal: { hard: 0, soft: 0, softSeconds: 0 },
      replica: { hard: 256 * 1024 * 1024, soft: 64 * 1024 * 1024, softSeconds: 60 },
      pubsub: { hard: 32 * 1024 * 1024, soft: 8 * 1024 * 1024, softSeconds: 60 },
    },
  };
}

export class Config {
  values: ConfigValues;
  /** The config file the server was started with, if any (CONFIG REWRITE writes it back). */
  file: string | null = null;

  constructor(values: Partial<ConfigValues> = {}) {
    this.values = { ...defaultValues(), ...values };
  }

  authRequired(): boolean {
    return this.values.requirepass !== '';
  }
}
