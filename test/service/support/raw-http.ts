/**
 * Raw HTTP/1.1 over a net.Socket, for what fetch cannot send or would normalise: headers over the
 * parser's limit, malformed request lines, percent-encoding as written, headers that never end.
 */
import { connect } from 'node:net';

export interface RawResponse {
  /** Everything the server wrote before it closed the connection (or the timeout). */
  readonly raw: string;
  readonly status: number | null;
  readonly headers: Record<string, string>;
  readonly body: string;
  /** Whether the server closed the connection (false: the timeout ended the wait). */
  readonly closed: boolean;
}

/**
 * Writes `request` to 127.0.0.1:`port` and reads until the server closes the connection, or
 * `timeoutMs` passes. The client never half-closes, so a request left unfinished stays open until
 * the server gives up on it (slow-client tests); send `Connection: close` to get one answer back.
 */
export function rawRequest(port: number, request: string | Buffer, { timeoutMs = 10_000 } = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const socket = connect({ port, host: '127.0.0.1' });
    const chunks: Buffer[] = [];
    let settled = false;
    const finish = (closed: boolean) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(parse(Buffer.concat(chunks).toString('utf8'), closed));
    };
    const timer = setTimeout(() => finish(false), timeoutMs);
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('end', () => finish(true));
    socket.on('close', () => finish(true));
    socket.on('error', (err: NodeJS.ErrnoException) => {
      // The server may reset the connection after answering; what it wrote is still the answer.
      if (err.code === 'ECONNRESET' || err.code === 'EPIPE') finish(true);
      else if (!settled) {
        settled = true;
        clearTimeout(timer);
        reject(err);
      }
    });
    socket.on('connect', () => socket.write(request));
  });
}

function parse(raw: string, closed: boolean): RawResponse {
  const end = raw.indexOf('\r\n\r\n');
  const head = end >= 0 ? raw.slice(0, end) : raw;
  const [statusLine, ...lines] = head.split('\r\n');
  const status = /^HTTP\/1\.[01] (\d{3})/.exec(statusLine ?? '')?.[1];
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { raw, status: status ? Number(status) : null, headers, body: end >= 0 ? raw.slice(end + 4) : '', closed };
}
