// Log lines in Redis's format: `pid:role dd Mon yyyy hh:mm:ss.mmm <level> message`, where the level
// mark is '.' debug, '-' verbose, '*' notice, '#' warning. Writes to stdout or the logfile.

import { appendFileSync } from 'node:fs';

const LEVELS = ['debug', 'verbose', 'notice', 'warning'] as const;
export type LogLevel = (typeof LEVELS)[number];
const MARKS = ['.', '-', '*', '#'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export function isLogLevel(s: string): s is LogLevel {
  return (LEVELS as readonly string[]).includes(s);
}

function pad(n: number, w = 2): string {
  return String(n).padStart(w, '0');
}

export class Logger {
  level: LogLevel = 'notice';
  /** '' for stdout. */
  file = '';
  /** 'C' while loading config, 'M' once running as a master. */
  role = 'C';
  /** Replaces output entirely (tests, embedding). */
  sink: ((line: string) => void) | null = null;

  log(level: LogLevel, message: string): void {
    if (LEVELS.indexOf(level) < LEVELS.indexOf(this.level)) return;
    const d = new Date();
    const stamp = `${pad(d.getDate())} ${MONTHS[d.getMonth()]} ${d.getFullYear()} ${pad(d.getHours())}:` +
      `${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
    const line = `${process.pid}:${this.role} ${stamp} ${MARKS[LEVELS.indexOf(level)]} ${message}\n`;
    if (this.sink !== null) this.sink(line);
    else if (this.file !== '') appendFileSync(this.file, line);
    else process.stdout.write(line);
  }

  notice(m: string): void {
    this.log('notice', m);
  }

  warning(m: string): void {
    this.log('warning', m);
  }

  verbose(m: string): void {
    this.log('verbose', m);
  }
}
