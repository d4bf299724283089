// LATENCY LATEST / HISTORY / RESET / GRAPH / DOCTOR / HISTOGRAM / HELP: the latency monitor's events
// (server/latency.ts) and the per-command latency histograms (server/latency-histogram.ts).

import { errLatencyNoSamples } from '../../protocol/errors.ts';
import type { Client } from '../../server/client.ts';
import { latencyEvents, type LatencySeries } from '../../server/latency.ts';
import { commandHistogram } from '../../server/latency-histogram.ts';
import type { Command, Handler } from '../command.ts';

/** LATENCY LATEST: per event, [name, time of the latest sample, its latency, the all-time max]. */
function latencyLatestCommand(c: Client): void {
  const events = latencyEvents(c.server);
  const w = c.w;
  w.array(events.size);
  for (const [name, ts] of events) {
    const last = ts.latest;
    w.array(4);
    w.bulk(name);
    w.integer(last.time);
    w.integer(last.latency);
    w.integer(ts.max);
  }
}

/** LATENCY HISTORY event: [time, latency] pairs, oldest first (empty for an unknown event). */
function latencyHistoryCommand(c: Client, argv: string[]): void {
  const ts = latencyEvents(c.server).get(argv[2]!);
  const samples = ts === undefined ? [] : ts.history();
  const w = c.w;
  w.array(samples.length);
  for (const s of samples) {
    w.array(2);
    w.integer(s.time);
    w.integer(s.latency);
  }
}

/** LATENCY RESET [event ...]: forgets the events named (all without arguments); replies how many. */
function latencyResetCommand(c: Client, argv: string[]): void {
  const events = latencyEvents(c.server);
  let n = 0;
  if (argv.length === 2) {
    n = events.size;
    events.clear();
  } else {
    for (let j = 2; j < argv.length; j++) if (events.delete(argv[j]!)) n++;
  }
  c.w.integer(n);
}

/** LATENCY GRAPH event: the event's samples as a small ASCII chart, newest on the right. */
function latencyGraphCommand(c: Client, argv: string[]): void {
  const event = argv[2]!;
  const ts = latencyEvents(c.server).get(event);
  if (ts === undefined) {
    c.w.error(errLatencyNoSamples(event));
    return;
  }
  c.w.verbatim(graph(event, ts, Math.floor(c.server.clock.now() / 1000)));
}

const ROWS = 8;

function graph(event: string, ts: LatencySeries, now: number): string {
  const samples = ts.history();
  let low = Infinity;
  let high = 0;
  for (const s of samples) {
    if (s.latency < low) low = s.latency;
    if (s.latency > high) high = s.latency;
  }
  let out = `${event} - high ${high} ms, low ${low} ms (all time high ${ts.max} ms)\n`;
  out += '-'.repeat(80) + '\n';
  const span = Math.max(1, high - low);
  for (let row = ROWS; row >= 1; row--) {
    let line = '';
    for (const s of samples) line += (s.latency - low) / span * (ROWS - 1) + 1 >= row ? '#' : ' ';
    out += line.trimEnd() + '\n';
  }
  // The age of each sample, one column each: seconds, minutes or hours, written downwards.
  const ages = samples.map((s) => age(now - s.time));
  const height = Math.max(0, ...ages.map((a) => a.length));
  for (let r = 0; r < height; r++) out += ages.map((a) => a[r] ?? ' ').join('').trimEnd() + '\n';
  return out;
}

function age(secs: number): string {
  if (secs < 60) return `${secs}s`;
  if (secs < 3600) return `${Math.floor(secs / 60)}m`;
  return `${Math.floor(secs / 3600)}h`;
}

/** LATENCY DOCTOR: a short report, in our own words, of the events recorded. */
function latencyDoctorCommand(c: Client): void {
  const s = c.server;
  const threshold = s.config.values['latency-monitor-threshold'] as number;
  const events = latencyEvents(s);
  let out: string;
  if (threshold === 0 && events.size === 0) {
    out = 'Latency monitoring is off, so there is nothing to report. ' +
      'Turn it on with CONFIG SET latency-monitor-threshold <milliseconds>.\n';
  } else if (events.size === 0) {
    out = `No event took ${threshold} ms or more since the server started (or since LATENCY RESET). All is well.\n`;
  } else {
    out = `Events that took at least ${threshold} ms (latency-monitor-threshold):\n\n`;
    let i = 1;
    let commands = false;
    for (const [name, ts] of events) {
      const h = ts.history();
      const avg = h.reduce((a, x) => a + x.latency, 0) / Math.max(1, h.length);
      out += `${i++}. ${name}: ${h.length} latency spikes (average ${Math.round(avg)} ms), worst ${ts.max} ms.\n`;
      if (name === 'command' || name === 'fast-command') commands = true;
    }
    out += '\nAdvice:\n';
    if (commands) {
      out += '- Slow commands were seen: SLOWLOG GET names them. Commands that walk whole keys or ' +
        'databases (KEYS, SMEMBERS on big sets, SORT...) block every other client while they run.\n';
    }
    out += '- LATENCY HISTORY <event> and LATENCY GRAPH <event> show when the spikes happened; ' +
      'LATENCY RESET clears them.\n';
  }
  c.w.verbatim(out);
}

/** One command's entry in LATENCY HISTOGRAM: {calls, histogram_usec: {usec: cumulative count}}. */
function histogramEntry(c: Client, cmd: Command): boolean {
  const h = commandHistogram(cmd.stats);
  if (h === undefined) return false;
  const w = c.w;
  w.bulk(cmd.fullName);
  w.map(2);
  w.bulk('calls');
  w.integer(h.total);
  w.bulk('histogram_usec');
  const buckets = h.cumulativeBuckets();
  w.map(buckets.length);
  for (const [usec, count] of buckets) {
    w.integer(usec);
    w.integer(count);
  }
  return true;
}

/** LATENCY HISTOGRAM [command ...]: commands without calls (and unknown names) are left out. */
function latencyHistogramCommand(c: Client, argv: string[]): void {
  const table = c.server.table;
  const chosen: Command[] = [];
  if (argv.length === 2) {
    for (const cmd of table.all()) chosen.push(cmd);
  } else {
    for (let j = 2; j < argv.length; j++) {
      const name = argv[j]!.toLowerCase();
      const bar = name.indexOf('|');
      const base = table.get(bar === -1 ? name : name.slice(0, bar));
      if (base === undefined) continue;
      if (bar !== -1) {
        const sub = base.subcommands?.get(name.slice(bar + 1));
        if (sub !== undefined) chosen.push(sub);
        continue;
      }
      chosen.push(base);
      if (base.subcommands !== null) for (const sub of base.subcommands.values()) chosen.push(sub);
    }
  }
  const withData = chosen.filter((cmd) => commandHistogram(cmd.stats) !== undefined);
  c.w.map(withData.length);
  for (const cmd of withData) histogramEntry(c, cmd);
}

const HELP = [
  'DOCTOR',
  '    Return a report, for humans, of the latency events recorded.',
  'GRAPH <event>',
  '    Return an ASCII chart of the samples of <event>.',
  'HISTORY <event>',
  '    Return the [time, latency] samples of <event>.',
  'LATEST',
  '    Return the latest sample of every event.',
  'RESET [<event> ...]',
  '    Forget the samples of the events named.',
  '    (default: forget every event)',
  'HISTOGRAM [COMMAND ...]',
  '    Return the cumulative latency distribution of the commands named, as a histogram.',
  '    Without commands, every command that has been called is returned.',
];

/** LATENCY HELP */
function latencyHelpCommand(c: Client): void {
  c.w.help('latency', HELP);
}

export const handlers: Record<string, Handler> = {
  'latency|latest': latencyLatestCommand,
  'latency|history': latencyHistoryCommand,
  'latency|reset': latencyResetCommand,
  'latency|graph': latencyGraphCommand,
  'latency|doctor': latencyDoctorCommand,
  'latency|histogram': latencyHistogramCommand,
  'latency|help': latencyHelpCommand,
};
