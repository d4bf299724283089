// Node's Buffer has fast latin1 codecs that @types/node does not declare. Latin1 maps bytes 0-255
// to chars 0-255 one to one, which is how Respite carries binary-safe data in JS strings.
declare global {
  interface Buffer {
    latin1Write(s: string, offset: number, length?: number): number;
    latin1Slice(start: number, end: number): string;
  }
}
export {};
