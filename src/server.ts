/**
 * The service entry: environment -> config -> app -> listen. The only file that listens, picks the
 * logger, and shuts down gracefully: on SIGTERM/SIGINT it stops accepting, lets running jobs finish
 * for a grace period, and requeues the rest (they run again on the next start).
 */
import { buildApp } from './app.ts';
import { listenHost } from './auth/listen-host.ts';
import { ConfigError, loadConfig, type Config } from './config.ts';
import { openKeyStore } from './jobs/open-stores.ts';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`territory: ${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
  // Decided before anything starts: a refusal should not wait for the solver threads to warm up.
  const where = listenHost(config.host, await activeKeys(config));
  if (!where.ok) {
    process.stderr.write(`territory: refusing to start: ${where.message}\n`);
    process.exit(2);
  }
  const pretty = process.stdout.isTTY === true;
  const app = await buildApp(config, {
    logger: {
      level: config.logLevel,
      ...(pretty ? { transport: { target: 'pino-pretty', options: { translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname' } } } : {}),
    },
  });

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal, graceSeconds: config.shutdownGraceSeconds }, 'shutting down');
    app.accepting = false;
    try {
      await app.close();
      process.exit(0);
    } catch (err) {
      app.log.error({ err }, 'shutdown failed');
      process.exit(1);
    }
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));

  if (!where.secured) {
    app.log.warn(`no API key configured: listening on loopback (${where.host}) only, without authentication; create a key with \`territory keys create --tenant <name>\``);
  }
  await app.listen({ port: config.port, host: where.host });
  app.log.info({ dataDir: config.dataDir, threads: config.poolSize, host: where.host, authentication: where.secured }, 'territory service ready; API docs at /docs');
}

/** Whether any API key is active once API_KEYS is installed (in PostgreSQL, after its migrations). */
async function activeKeys(config: Config): Promise<boolean> {
  const keys = await openKeyStore(config);
  try {
    for (const { tenant, key } of config.apiKeys) await keys.add(tenant, key, 'env');
    return (await keys.activeCount()) > 0;
  } finally {
    await keys.close();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`territory: failed to start: ${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
