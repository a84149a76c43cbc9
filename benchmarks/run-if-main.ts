/** Runs a script's `main` when the file is executed directly (not when a test imports it). */
import { pathToFileURL } from 'node:url';

export function runIfMain(moduleUrl: string, main: (args: string[]) => void): void {
  if (process.argv[1] === undefined || moduleUrl !== pathToFileURL(process.argv[1]).href) return;
  try {
    main(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  }
}
