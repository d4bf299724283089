// A small seeded generator (xorshift32) for tests and benchmarks that must replay: the same seed
// gives the same sequence of numbers in [0, 1).

export function xorshift(seed: number): () => number {
  let x = seed | 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 0x100000000;
  };
}
