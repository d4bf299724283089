// Writing a command's facts the way COMMAND INFO and COMMAND DOCS reply with them (Redis 7.2's
// shapes): which parts are sets, maps, arrays, simple or bulk strings, and in which order. Kept
// apart from the COMMAND handlers so tests and tools can render the same replies.

import type { ReplyWriter } from '../../protocol/reply-writer.ts';
import type { Command, CommandArg, CommandDocs, KeySpec } from '../command.ts';

/** One command's COMMAND INFO entry: name, arity, flags, first/last/step, ACL categories, tips, key specs, subcommands. */
export function writeCommandInfo(w: ReplyWriter, cmd: Command): void {
  const f = cmd.facts;
  w.array(10);
  w.bulk(f.name);
  w.integer(f.arity);
  writeStatusSet(w, f.flags);
  w.integer(f.first);
  w.integer(f.last);
  w.integer(f.step);
  writeStatusSet(w, f.acl);
  w.set(f.tips.length);
  for (const t of f.tips) w.bulk(t);
  w.set(f.key_specs.length);
  for (const k of f.key_specs) writeKeySpec(w, k);
  if (cmd.subcommands === null) w.set(0);
  else {
    w.array(cmd.subcommands.size);
    for (const sub of cmd.subcommands.values()) writeCommandInfo(w, sub);
  }
}

/** A set of simple strings (flags, categories): `~n` of `+x` in RESP3, an array in RESP2. */
export function writeStatusSet(w: ReplyWriter, items: readonly string[]): void {
  w.set(items.length);
  for (const s of items) w.simple(s);
}

function writeKeySpec(w: ReplyWriter, k: KeySpec): void {
  w.map(k.notes !== undefined ? 4 : 3);
  if (k.notes !== undefined) {
    w.bulk('notes');
    w.bulk(k.notes);
  }
  w.bulk('flags');
  writeStatusSet(w, k.flags);
  w.bulk('begin_search');
  writeSearchStep(w, k.begin_search);
  w.bulk('find_keys');
  writeSearchStep(w, k.find_keys);
}

/** `{type, spec}` where spec's numbers are integers and its words bulk strings. */
function writeSearchStep(w: ReplyWriter, step: { type: string; spec: Record<string, unknown> }): void {
  w.map(2);
  w.bulk('type');
  w.bulk(step.type);
  w.bulk('spec');
  const entries = Object.entries(step.spec);
  w.map(entries.length);
  for (const [name, value] of entries) {
    w.bulk(name);
    if (typeof value === 'number') w.integer(value);
    else w.bulk(String(value));
  }
}

/** One command's COMMAND DOCS value (the map; the caller writes the name before it). */
export function writeCommandDocs(w: ReplyWriter, cmd: Command): void {
  const d: CommandDocs = cmd.facts.docs;
  const subs = cmd.subcommands;
  let n = 1; // group is always there
  if (d.summary !== undefined) n++;
  if (d.since !== undefined) n++;
  if (d.complexity !== undefined) n++;
  if (d.doc_flags !== undefined) n++;
  if (d.deprecated_since !== undefined) n++;
  if (d.replaced_by !== undefined) n++;
  if (d.history !== undefined) n++;
  if (d.arguments !== undefined) n++;
  if (subs !== null) n++;
  w.map(n);
  if (d.summary !== undefined) writeField(w, 'summary', d.summary);
  if (d.since !== undefined) writeField(w, 'since', d.since);
  writeField(w, 'group', d.group ?? 'generic');
  if (d.complexity !== undefined) writeField(w, 'complexity', d.complexity);
  if (d.doc_flags !== undefined) {
    w.bulk('doc_flags');
    writeStatusSet(w, d.doc_flags);
  }
  if (d.deprecated_since !== undefined) writeField(w, 'deprecated_since', d.deprecated_since);
  if (d.replaced_by !== undefined) writeField(w, 'replaced_by', d.replaced_by);
  if (d.history !== undefined) {
    w.bulk('history');
    w.set(d.history.length);
    for (const [version, text] of d.history) {
      w.array(2);
      w.bulk(version);
      w.bulk(text);
    }
  }
  if (d.arguments !== undefined) {
    w.bulk('arguments');
    writeArgs(w, d.arguments);
  }
  if (subs !== null) {
    w.bulk('subcommands');
    w.map(subs.size);
    for (const sub of subs.values()) {
      w.bulk(sub.fullName);
      writeCommandDocs(w, sub);
    }
  }
}

function writeField(w: ReplyWriter, name: string, value: string): void {
  w.bulk(name);
  w.bulk(value);
}

/** Argument maps. Since 7.2 every argument without sub-arguments carries a display_text (its name by default). */
function writeArgs(w: ReplyWriter, args: readonly CommandArg[]): void {
  w.array(args.length);
  for (const a of args) {
    const nested = a.type === 'oneof' || a.type === 'block';
    let n = 2;
    if (!nested) n++;
    if (a.key_spec_index !== undefined) n++;
    if (a.token !== undefined) n++;
    if (a.summary !== undefined) n++;
    if (a.since !== undefined) n++;
    if (a.deprecated_since !== undefined) n++;
    if (a.flags !== undefined && a.flags.length > 0) n++;
    if (nested) n++;
    w.map(n);
    writeField(w, 'name', a.name);
    writeField(w, 'type', a.type);
    if (!nested) writeField(w, 'display_text', a.display_text ?? a.name);
    if (a.key_spec_index !== undefined) {
      w.bulk('key_spec_index');
      w.integer(a.key_spec_index);
    }
    if (a.token !== undefined) writeField(w, 'token', a.token);
    if (a.summary !== undefined) writeField(w, 'summary', a.summary);
    if (a.since !== undefined) writeField(w, 'since', a.since);
    if (a.deprecated_since !== undefined) writeField(w, 'deprecated_since', a.deprecated_since);
    if (a.flags !== undefined && a.flags.length > 0) {
      w.bulk('flags');
      writeStatusSet(w, a.flags);
    }
    if (nested) {
      w.bulk('arguments');
      writeArgs(w, a.arguments ?? []);
    }
  }
}
