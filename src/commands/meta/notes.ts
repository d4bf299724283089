// Key-spec notes in our own words, by full lowercase command name, one per key spec in order
// ('' where the spec has no note).

export const NOTES: Record<string, string[]> = {};
