/**
 * `territory worker` as a child process (bin/territory.js worker), for the BullMQ tests: a real
 * process that can be killed with SIGKILL mid-job. Ready once it logs "territory worker ready"
 * (its pool is warm and it takes BullMQ turns). Its log is JSON lines at LOG_LEVEL info, so tests
 * can tell which worker started and ended which job.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { describeExit, ROOT, sleep, type Exit } from './server-process.ts';

export interface WorkerProcess {
  readonly pid: number;
  readonly child: ChildProcess;
  readonly exited: Promise<Exit>;
  output(): string;
  /** The log lines (JSON) with this message and job id. */
  logged(msg: string, jobId: string): number;
  signal(signal: NodeJS.Signals): void;
  stop(): Promise<Exit>;
}

export async function startWorker(env: Readonly<Record<string, string>>, readyTimeoutMs = 120_000): Promise<WorkerProcess> {
  const child = spawn(process.execPath, ['bin/territory.js', 'worker'], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: 'info', POOL_SIZE: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
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
  const lines = () => output.split('\n').flatMap((line) => {
    try {
      return [JSON.parse(line) as { msg?: string; jobId?: string }];
    } catch {
      return [];
    }
  });
  const worker: WorkerProcess = {
    pid: child.pid ?? -1,
    child,
    exited,
    output: () => output,
    logged: (msg, jobId) => lines().filter((l) => l.msg === msg && l.jobId === jobId).length,
    signal: (signal) => {
      if (exit === null) child.kill(signal);
    },
    stop: async () => {
      if (exit === null) child.kill('SIGKILL');
      return exited;
    },
  };
  const deadline = Date.now() + readyTimeoutMs;
  while (Date.now() < deadline) {
    if (exit !== null) throw new Error(`the worker exited before it was ready (${describeExit(exit)}):\n${output}`);
    if (lines().some((l) => l.msg === 'territory worker ready')) return worker;
    await sleep(100);
  }
  await worker.stop();
  throw new Error(`the worker was not ready within ${readyTimeoutMs} ms:\n${output}`);
}
