/**
 * The real service as a child process (`node --import tsx src/server.ts`), for tests and benchmarks
 * that need what app.inject() cannot give: a process that can be killed, signalled and restarted on
 * the same data directory.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (where src/server.ts lives). */
export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export interface ServerOptions {
  /** The SQLite job store's directory; reuse it to restart on the same jobs. */
  readonly dataDir: string;
  /** A port to listen on; a free one when omitted. */
  readonly port?: number;
  /** Extra environment (POOL_SIZE, QUEUE_MAX, SHUTDOWN_GRACE_SECONDS, ...); LOG_LEVEL defaults to warn. */
  readonly env?: Readonly<Record<string, string>>;
  /** How long to wait for GET /ready to answer 200 (pools are warmed first). */
  readonly readyTimeoutMs?: number;
  /** Extra node flags for the server (a profiler: `--cpu-prof` is not allowed in NODE_OPTIONS). */
  readonly nodeArgs?: readonly string[];
}

export interface Exit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

export interface ServerProcess {
  readonly url: string;
  readonly port: number;
  readonly pid: number;
  readonly child: ChildProcess;
  /** Resolves once the process has exited. */
  readonly exited: Promise<Exit>;
  /** Everything the process wrote to stdout and stderr so far (for failure messages). */
  output(): string;
  /** Sends a signal (SIGKILL for a crash, SIGTERM for a graceful shutdown). */
  signal(signal: NodeJS.Signals): void;
  /** Kills the process if it is still running and waits for it to exit. */
  stop(): Promise<Exit>;
}

/** A port nobody listens on right now (the kernel's pick for port 0). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.unref();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

/** A fresh temporary directory and a function that removes it. */
export function tempDataDir(prefix = 'territory-'): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * Boots from this process, one at a time: each boot compiles TypeScript and HiGHS in every solver
 * thread, and several at once on two cores make each of them slow.
 */
let booting: Promise<unknown> = Promise.resolve();

/**
 * Starts the service and resolves once GET /ready answers 200; rejects (and kills it) otherwise.
 * Starts from one test process are serialised (see `booting`).
 */
export function startServer(options: ServerOptions): Promise<ServerProcess> {
  const started = booting.then(() => startOnce(options));
  booting = started.catch(() => undefined);
  return started;
}

async function startOnce(options: ServerOptions): Promise<ServerProcess> {
  const port = options.port ?? (await freePort());
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), '--import', 'tsx', 'src/server.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      LOG_LEVEL: 'warn',
      // Test processes send far more requests a minute than a client would.
      RATE_LIMIT_PER_MINUTE: '1000000',
      ...options.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: options.dataDir,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
    if (output.length > 200_000) output = output.slice(-100_000);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  let exit: Exit | null = null;
  const exited = new Promise<Exit>((resolve) => {
    child.once('exit', (code, signal) => {
      exit = { code, signal };
      resolve(exit);
    });
  });
  const url = `http://127.0.0.1:${port}`;
  const server: ServerProcess = {
    url,
    port,
    pid: child.pid ?? -1,
    child,
    exited,
    output: () => output,
    signal: (signal) => {
      if (exit === null) child.kill(signal);
    },
    stop: async () => {
      if (exit === null) child.kill('SIGKILL');
      return exited;
    },
  };

  const timeoutMs = options.readyTimeoutMs ?? 60_000;
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (exit !== null) {
      throw new Error(`the server exited before it was ready (${describeExit(exit)}):\n${output}`);
    }
    try {
      const res = await fetch(`${url}/ready`, { signal: AbortSignal.timeout(2000) });
      await res.arrayBuffer();
      if (res.status === 200) return server;
    } catch {
      // Not listening yet.
    }
    await sleep(100);
  }
  await server.stop();
  throw new Error(`the server was not ready within ${timeoutMs} ms:\n${output}`);
}

export function describeExit(exit: Exit): string {
  return exit.signal ? `signal ${exit.signal}` : `exit code ${exit.code}`;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Polls `read` until `done` accepts its value; rejects with the last value after `timeoutMs`. */
export async function pollUntil<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  { timeoutMs = 30_000, intervalMs = 100, what = 'condition' } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  while (Date.now() < deadline) {
    last = await read();
    if (done(last)) return last;
    await sleep(intervalMs);
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; last value: ${JSON.stringify(last)}`);
}

/** fetch + JSON body, with the status beside it. */
export async function requestJson<T = unknown>(url: string, init: RequestInit = {}): Promise<{ status: number; headers: Headers; body: T }> {
  const res = await fetch(url, { ...init, signal: init.signal ?? AbortSignal.timeout(30_000) });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // Not JSON: keep the text.
  }
  return { status: res.status, headers: res.headers, body: body as T };
}

/** POSTs a JSON body. */
export function postJson<T = unknown>(url: string, body: unknown, headers: Record<string, string> = {}) {
  return requestJson<T>(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
}
