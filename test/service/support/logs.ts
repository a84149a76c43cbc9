/**
 * A log that tests can read: pino JSON lines captured in memory, for a Fastify app (`logger`) or a
 * function that takes a logger (`pino`). Tests wait for a line instead of sleeping.
 */
import { pino, type Logger } from 'pino';

export interface LogLine {
  readonly level: number;
  readonly msg: string;
  readonly [field: string]: unknown;
}

export interface LogCapture {
  readonly lines: LogLine[];
  /** Every captured line as written, to check that something never appears in the log. */
  readonly text: () => string;
  /** Fastify `logger` options writing here. */
  readonly logger: { level: string; stream: { write(line: string): void } };
  /** A pino logger writing here. */
  readonly pino: Logger;
  /** Resolves with the first line `match` accepts, or rejects after `timeoutMs`. */
  waitFor(match: (line: LogLine) => boolean, timeoutMs?: number): Promise<LogLine>;
}

export function captureLogs(level = 'info'): LogCapture {
  const raw: string[] = [];
  const lines: LogLine[] = [];
  const waiters = new Set<() => void>();
  const stream = {
    write(line: string) {
      raw.push(line);
      lines.push(JSON.parse(line) as LogLine);
      for (const w of [...waiters]) w();
    },
  };
  return {
    lines,
    text: () => raw.join(''),
    logger: { level, stream },
    pino: pino({ level }, stream),
    waitFor(match, timeoutMs = 20_000) {
      const hit = lines.find(match);
      if (hit) return Promise.resolve(hit);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no matching log line within ${timeoutMs} ms; saw: ${lines.map((l) => l.msg).join(' | ').slice(0, 2000)}`));
        }, timeoutMs);
        const check = () => {
          const found = lines.find(match);
          if (!found) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve(found);
        };
        waiters.add(check);
      });
    },
  };
}
