// Key-spec notes in our own words, by full lowercase command name, one per key spec in order
// ('' where the spec has no note). They explain why a key spec has the flags it has.

const SCRIPT_RW = 'The script may do anything with its keys, so they are taken as read, written and updated.';
const SCRIPT_RO = 'A read-only script can only read its keys.';
const SORT_BY_GET = 'BY and GET patterns name keys only once the sorted values are known, so their place is unknown.';

export const NOTES: Record<string, string[]> = {
  bitfield: ['Depending on its operations it reads, writes, or both.'],
  eval: [SCRIPT_RW],
  eval_ro: [SCRIPT_RO],
  fcall: [SCRIPT_RW],
  fcall_ro: [SCRIPT_RO],
  getex: ['Changing the expiry counts as updating the key.'],
  pfcount: ['Counting may rewrite the key in a more compact form (and replicate it), so it is a write.'],
  set: ['With GET the old value is read as well.'],
  sort: ['', SORT_BY_GET, 'STORE may come anywhere among the options, so its place is unknown.'],
  sort_ro: ['', SORT_BY_GET],
  xadd: ['Trimming may remove entries, so adding counts as an update.'],
};
