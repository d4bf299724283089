// Server configuration: typed values the hot path reads directly (config.values.hz), behind
// Redis's option names. The option registry (names, aliases, types, bounds, defaults, mutability)
// lives in config-options.ts; redis.conf / argv parsing in config-file.ts; CONFIG REWRITE in
// config-rewrite.ts; CONFIG GET/SET in commands/server/config.ts. All of them use this class.

import { ALL_OPTIONS, OPTION_BY_NAME, valueKey, type OptionDef } from './config-options.ts';
import { checkBounds, formatInteger, parseNumeric, parseYesNo, type Parsed } from './config-parse.ts';
import { DEFAULT_OUTPUT_LIMITS } from './config-special.ts';

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
  /**
   * Every other Redis option, by its Redis name: booleans, numbers (memory in bytes; a percentage of
   * maxmemory-clients is stored negative, as Redis does), enum names, strings; `save` as
   * [seconds, changes][], notify-keyspace-events as bit flags (see config-special.ts NOTIFY).
   */
  [extra: string]: unknown;
}

export function defaultValues(): ConfigValues {
  const v: ConfigValues = {
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
    clientOutputBufferLimit: structuredClone(DEFAULT_OUTPUT_LIMITS),
  };
  for (const o of ALL_OPTIONS) if (o.field === undefined) v[o.name] = structuredClone(o.def);
  return v;
}

/** The value each option has in a fresh server, for CONFIG REWRITE's "differs from default". */
const DEFAULTS = defaultValues();

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

  /** The option a name (any case, or an alias) refers to. */
  lookup(name: string): OptionDef | undefined {
    return OPTION_BY_NAME.get(name.toLowerCase());
  }

  /** The stored value of an option. */
  raw(o: OptionDef): unknown {
    return this.values[valueKey(o)];
  }

  /** An option's default value (our defaults; Redis's for every option Respite does not act on). */
  defaultOf(o: OptionDef): unknown {
    return DEFAULTS[valueKey(o)];
  }

  /** The value as CONFIG GET shows it. */
  format(o: OptionDef, value: unknown = this.raw(o)): string {
    switch (o.kind) {
      case 'bool':
        return value === true ? 'yes' : 'no';
      case 'octal':
        return (value as number).toString(8);
      case 'memory-percent':
        return (value as number) < 0 ? `${-(value as number)}%` : formatInteger(value as number);
      case 'int':
      case 'memory':
        return formatInteger(value as number);
      case 'special':
        return o.special!.format(value);
      default:
        return value as string;
    }
  }

  /** Parses and validates arguments for an option without storing them. Errors are Redis's texts. */
  parse(o: OptionDef, args: string[]): Parsed {
    const r = this.#parseKind(o, args);
    if ('error' in r) return r;
    if (o.validate !== undefined) {
      const err = o.validate(r.value);
      if (err !== null) return { error: err };
    }
    return o.normalize !== undefined ? { value: o.normalize(r.value) } : r;
  }

  #parseKind(o: OptionDef, args: string[]): Parsed {
    const a = args[0] ?? '';
    switch (o.kind) {
      case 'bool': {
        const b = parseYesNo(a);
        return b === null ? { error: "argument must be 'yes' or 'no'" } : { value: b };
      }
      case 'string':
        return { value: a };
      case 'enum':
        return parseEnum(o, args);
      case 'special':
        return o.special!.parse(args, this.raw(o));
      default: {
        const r = parseNumeric(o.kind, a);
        if ('error' in r) return r;
        const err = checkBounds(o.kind, r.value as bigint, o.min!, o.max!);
        return err !== null ? { error: err } : { value: Number(r.value as bigint) };
      }
    }
  }

  /** Parses and stores; returns Redis's error text, or null. */
  set(o: OptionDef, args: string[]): string | null {
    const r = this.parse(o, args);
    if ('error' in r) return r.error;
    this.values[valueKey(o)] = r.value;
    return null;
  }
}

function parseEnum(o: OptionDef, args: string[]): Parsed {
  const values = o.enumValues!;
  let bits = 0;
  let name: string | null = null;
  for (const a of args) {
    const hit = values.find(([n]) => n === a.toLowerCase());
    if (hit === undefined || (!o.enumFlags && args.length > 1)) {
      return { error: `argument(s) must be one of the following: ${values.map(([n]) => n).join(', ')}` };
    }
    bits |= hit[1];
    name = hit[0];
  }
  if (name === null) return { error: `argument(s) must be one of the following: ${values.map(([n]) => n).join(', ')}` };
  if (!o.enumFlags) {
    // Names sharing a value read back as the first of them (oom-score-adj relative → yes), as in Redis.
    return { value: values.find(([, v]) => v === bits)![0] };
  }
  const parts = values.filter(([, v]) => v !== 0 && (bits & v) === v).map(([n]) => n);
  return { value: parts.length === 0 ? values.find(([, v]) => v === 0)![0] : parts.join(' ') };
}
