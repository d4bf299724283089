// The wording of each command's history entries, in our own words, by full lowercase command name
// and in the order of the command's `history` (the versions themselves come from the facts).

export const HISTORY: Record<string, string[]> = {};
