/**
 * Real sockets for the service tests: a server-sent-events reader over fetch, and a tiny webhook
 * receiver on 127.0.0.1:0.
 */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SseEvent {
  readonly id?: string;
  readonly event: string;
  readonly data: unknown;
}

export interface SseStream {
  readonly status: number;
  readonly contentType: string | null;
  /** Every event until the server closes the stream. */
  readonly events: Promise<SseEvent[]>;
  /** Resolves with the first event that `match` accepts (while the stream keeps being read). */
  waitFor(match: (e: SseEvent) => boolean): Promise<SseEvent>;
}

/** Opens an SSE stream with fetch and parses it as it arrives; aborts after `timeoutMs`. */
export async function openSse(url: string, timeoutMs = 30_000): Promise<SseStream> {
  const res = await fetch(url, { headers: { accept: 'text/event-stream' }, signal: AbortSignal.timeout(timeoutMs) });
  const seen: SseEvent[] = [];
  const waiters: Array<{ match: (e: SseEvent) => boolean; resolve: (e: SseEvent) => void }> = [];
  const events = (async () => {
    if (!res.body) return seen;
    const decoder = new TextDecoder();
    let buffer = '';
    for await (const chunk of res.body) {
      buffer += decoder.decode(chunk as Uint8Array, { stream: true });
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const event = parseBlock(block);
        if (!event) continue;
        seen.push(event);
        for (const w of [...waiters]) {
          if (w.match(event)) {
            waiters.splice(waiters.indexOf(w), 1);
            w.resolve(event);
          }
        }
      }
    }
    return seen;
  })();
  return {
    status: res.status,
    contentType: res.headers.get('content-type'),
    events,
    waitFor(match) {
      const found = seen.find(match);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        waiters.push({ match, resolve });
        void events.then(() => reject(new Error(`stream ended without a matching event; saw ${seen.map((e) => e.event).join(', ')}`)), reject);
      });
    },
  };
}

function parseBlock(block: string): SseEvent | null {
  let event = 'message';
  let id: string | undefined;
  const data: string[] = [];
  for (const line of block.split('\n')) {
    if (line.startsWith(':') || line === '') continue;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'event') event = value;
    else if (field === 'id') id = value;
    else if (field === 'data') data.push(value);
  }
  if (data.length === 0) return null;
  return { event, data: JSON.parse(data.join('\n')), ...(id !== undefined ? { id } : {}) };
}

export interface ReceivedHook {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

export interface HookReceiver {
  readonly url: string;
  readonly received: ReceivedHook[];
  /** Resolves with the first request whose JSON body has this job id. */
  waitFor(jobId: string, timeoutMs?: number): Promise<ReceivedHook>;
  close(): Promise<void>;
}

/**
 * An HTTP server on 127.0.0.1:0 that records every request and answers 204, or 503 to the first
 * `failFirst` requests (to exercise retries), or, with `redirectTo`, 307 to that URL every time.
 * `received` holds the requests it accepted with 204; `refused` the others.
 */
export async function startHookReceiver({ failFirst = 0, redirectTo = '' } = {}): Promise<HookReceiver & { readonly refused: ReceivedHook[] }> {
  const received: ReceivedHook[] = [];
  const refused: ReceivedHook[] = [];
  const listeners = new Set<() => void>();
  const server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (body += c));
    req.on('end', () => {
      const hook = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body };
      if (redirectTo !== '') {
        refused.push(hook);
        res.writeHead(307, { location: redirectTo }).end();
        return;
      }
      if (refused.length < failFirst) {
        refused.push(hook);
        res.writeHead(503).end();
        return;
      }
      received.push(hook);
      res.writeHead(204).end();
      for (const l of listeners) l();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const find = (jobId: string) => received.find((r) => {
    try {
      return (JSON.parse(r.body) as { id?: string }).id === jobId;
    } catch {
      return false;
    }
  });
  return {
    url: `http://127.0.0.1:${port}/hooks/territory`,
    received,
    refused,
    waitFor(jobId, timeoutMs = 20_000) {
      const hit = find(jobId);
      if (hit) return Promise.resolve(hit);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          listeners.delete(check);
          reject(new Error(`no webhook for job ${jobId} within ${timeoutMs} ms (received ${received.length})`));
        }, timeoutMs);
        const check = () => {
          const h = find(jobId);
          if (!h) return;
          clearTimeout(timer);
          listeners.delete(check);
          resolve(h);
        };
        listeners.add(check);
      });
    },
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
