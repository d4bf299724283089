// One-line summaries of each command, in our own words (COMMAND DOCS `summary`).
// Keyed by full lowercase name (`get`, `client|kill`).

export const SUMMARIES: Record<string, string> = {
  get: 'Returns the string value stored at a key.',
  set: 'Stores a string value at a key, with optional expiry and conditions.',
  ping: 'Checks that the connection is alive; replies PONG or echoes a message.',
};
