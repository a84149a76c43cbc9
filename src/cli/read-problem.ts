/** Reads a problem (or any JSON document) a CLI command was given; a missing or broken file is a usage error. */
import { readFile } from 'node:fs/promises';
import { UsageError } from './usage-error.ts';

export async function readProblemFile(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UsageError(code === 'ENOENT' ? `${file}: no such file` : `${file}: cannot read (${code ?? (err as Error).message})`);
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new UsageError(`${file}: not valid JSON (${(err as Error).message})`);
  }
}
