/**
 * Server-sent events for one job: the current state at once, then `progress` events as the solver
 * reports, and a final `end` event with the job, after which the stream closes. A comment line every
 * 15 s keeps proxies from closing an idle stream.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { FINAL_STATUSES, type Job, type JobProgress } from '../jobs/store.ts';
import { jobView } from '../http/views.ts';

export function streamJobEvents(app: FastifyInstance, request: FastifyRequest, reply: FastifyReply, job: Job): void {
  reply.hijack();
  const res = reply.raw;
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
  });
  let seq = 0;
  const send = (event: string, data: unknown) => {
    res.write(`id: ${++seq}\nevent: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  };
  send('status', jobView(job));
  if (FINAL_STATUSES.has(job.status)) {
    send('end', jobView(job));
    res.end();
    return;
  }
  const onProgress = (id: string, progress: JobProgress) => {
    if (id === job.id) send('progress', progress);
  };
  const onEnd = (ended: Job) => {
    if (ended.id !== job.id) return;
    send('end', jobView(ended));
    close();
  };
  const onStopping = () => {
    // The job goes on after a restart; the client reconnects to follow it.
    send('shutdown', { id: job.id, message: 'the service is shutting down; reconnect to follow this job' });
    close();
  };
  const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), 15_000);
  const close = () => {
    clearInterval(heartbeat);
    app.queue.off('progress', onProgress);
    app.queue.off('end', onEnd);
    app.queue.off('stopping', onStopping);
    if (!res.writableEnded) res.end();
  };
  app.queue.on('progress', onProgress);
  app.queue.on('end', onEnd);
  app.queue.on('stopping', onStopping);
  request.raw.on('close', close);
  // The job may have ended between reading it and subscribing. A store that cannot answer now
  // leaves the stream as it is: the end event still comes from the queue.
  void app.store.get(job.id).then((now) => {
    if (now && FINAL_STATUSES.has(now.status)) onEnd(now);
  }, () => {});
}
