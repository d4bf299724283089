// Argument trees that Redis 7.2 restructured or renamed relative to 7.0 (COMMAND DOCS `arguments`),
// in arg-dsl notation, by full lowercase command name. Facts only: names, types, tokens, versions.

export const ARGS_72: Record<string, string> = {};
