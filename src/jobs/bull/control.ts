/**
 * What crosses processes besides the work itself: a cancel asked on one API server, reaching the
 * worker that runs the job; a job's progress and end, reaching the event streams of every API
 * server. They are BullMQ custom events (QueueEventsProducer, read by QueueEvents) on a queue of
 * their own, so they ride on Redis streams like BullMQ's own events and need no other client.
 *
 * Advisory, like progress in the store: a message lost while Redis is away is made good by the
 * store (a worker also reads its jobs' cancel flags every second; an event stream ends on the row).
 */
import { QueueEvents, QueueEventsProducer, type RedisOptions } from 'bullmq';
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { z } from 'zod';
import type { Job, JobProgress } from '../store.ts';
import type { QueueNames } from './connection.ts';

/** The custom event's name on the control queue's stream. */
const EVENT = 'territory';
/** Entries the control stream keeps (it is read live; older ones are only for a slow reader). */
const MAX_EVENTS = 10_000;

export type ControlMessage =
  | { readonly kind: 'cancel'; readonly id: string }
  | { readonly kind: 'progress'; readonly id: string; readonly progress: JobProgress }
  | { readonly kind: 'end'; readonly id: string; readonly job: Job };

/** Fields of a stream entry are strings: the message travels as JSON in `body`, checked on arrival. */
const entrySchema = z.object({ origin: z.string(), body: z.string() });
const messageSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('cancel'), id: z.string() }),
  z.object({ kind: z.literal('progress'), id: z.string(), progress: z.custom<JobProgress>((v) => typeof v === 'object' && v !== null) }),
  z.object({ kind: z.literal('end'), id: z.string(), job: z.custom<Job>((v) => typeof v === 'object' && v !== null && typeof (v as Job).id === 'string') }),
]);

/** Messages from the other processes arrive as `message`; this process's own are left out. */
export class ControlChannel extends EventEmitter<{ message: [ControlMessage]; error: [Error] }> {
  readonly #producer: QueueEventsProducer;
  readonly #events: QueueEvents;
  /** This process: its own messages are not handed back to it (it acted on them already). */
  readonly #origin = randomUUID();

  constructor(connection: RedisOptions, names: QueueNames) {
    super();
    this.#producer = new QueueEventsProducer(names.control, { connection, prefix: names.prefix });
    // '$': only what is published from now on (a process that starts reads the store for the rest).
    this.#events = new QueueEvents(names.control, { connection, prefix: names.prefix, lastEventId: '$', blockingTimeout: 5000 });
    this.#events.on(EVENT as never, ((entry: unknown) => this.#receive(entry)) as never);
    this.#events.on('error', (err: Error) => this.emit('error', err));
    this.#producer.on('error', (err: Error) => this.emit('error', err));
  }

  /** Resolves once the reader is connected, so a message published after it is seen. */
  async ready(): Promise<void> {
    await Promise.all([this.#events.waitUntilReady(), this.#producer.waitUntilReady()]);
  }

  publish(message: ControlMessage): Promise<void> {
    return this.#producer.publishEvent({ eventName: EVENT, origin: this.#origin, body: JSON.stringify(message) }, MAX_EVENTS);
  }

  #receive(entry: unknown): void {
    const fields = entrySchema.safeParse(entry);
    if (!fields.success || fields.data.origin === this.#origin) return;
    let json: unknown;
    try {
      json = JSON.parse(fields.data.body);
    } catch {
      return;
    }
    const message = messageSchema.safeParse(json);
    if (message.success) this.emit('message', message.data as ControlMessage);
  }

  async close(): Promise<void> {
    await Promise.allSettled([this.#events.close(), this.#producer.close()]);
  }
}
