// ACL categories as COMMAND INFO reports them: a command's explicit categories plus the ones Redis
// implies from its flags (write → @write, readonly → @read unless @scripting, admin → @admin and
// @dangerous, pubsub → @pubsub, fast → @fast else @slow, blocking → @blocking), listed in Redis's
// category-table order. Used when a 7.2 patch changes a command's flags.

/** Every category, in the order Redis lists them. */
export const ACL_CATEGORY_ORDER: readonly string[] = [
  '@keyspace', '@read', '@write', '@set', '@sortedset', '@list', '@hash', '@string', '@bitmap',
  '@hyperloglog', '@geo', '@stream', '@pubsub', '@admin', '@fast', '@slow', '@blocking', '@dangerous',
  '@connection', '@transaction', '@scripting',
];

/** The categories a command gets from its flags, given its explicit categories. */
export function impliedCategories(flags: readonly string[], explicit: ReadonlySet<string>): Set<string> {
  const out = new Set<string>();
  const f = new Set(flags);
  if (f.has('write')) out.add('@write');
  if (f.has('readonly') && !explicit.has('@scripting')) out.add('@read');
  if (f.has('admin')) out.add('@admin').add('@dangerous');
  if (f.has('pubsub')) out.add('@pubsub');
  if (f.has('fast')) out.add('@fast');
  if (f.has('blocking')) out.add('@blocking');
  if (!f.has('fast') && !explicit.has('@fast')) out.add('@slow');
  return out;
}

/** The full, ordered category list for explicit categories and flags. */
export function aclFor(flags: readonly string[], explicit: Iterable<string>): string[] {
  const ex = new Set(explicit);
  const all = new Set([...ex, ...impliedCategories(flags, ex)]);
  return ACL_CATEGORY_ORDER.filter((c) => all.has(c));
}

/**
 * Recomputes a command's categories after its flags changed: what it had beyond the categories
 * its old flags implied is taken as explicit.
 */
export function reflag(oldFlags: readonly string[], oldAcl: readonly string[], newFlags: readonly string[]): string[] {
  const oldImplied = impliedCategories(oldFlags, new Set(oldAcl));
  return aclFor(newFlags, oldAcl.filter((c) => !oldImplied.has(c)));
}
