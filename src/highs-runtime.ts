/**
 * Compiles HiGHS's WebAssembly once per process (per worker thread) and hands out fresh instances of
 * it: an aborted instance is dead, so each solve gets its own. One spare instance is kept ready and
 * replaced in the background, so a solve does not wait the 20-250 ms an instantiation takes.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import loadHighs, { type Highs } from 'highs';
import type { HighsFactory } from '../solver/index.ts';

let compiled: Promise<WebAssembly.Module> | undefined;
let spare: Promise<Highs> | undefined;

function compileHighs(): Promise<WebAssembly.Module> {
  const wasmPath = createRequire(import.meta.url).resolve('highs/runtime');
  compiled ??= readFile(wasmPath).then((bytes) => WebAssembly.compile(bytes));
  return compiled;
}

async function instantiate(): Promise<Highs> {
  return loadHighs({ wasmModule: await compileHighs() });
}

/** A fresh HiGHS instance built on this process's one compiled module. */
export const highsFactory: HighsFactory = async () => {
  const ready = spare ?? instantiate();
  // Prepare the next one while this one works; a failed spare is simply made again on demand.
  spare = instantiate();
  spare.catch(() => {
    spare = undefined;
  });
  return ready;
};
