/**
 * A response body serialised as the routes' serializer writes it (fastify-type-provider-zod: the
 * value encoded by the response schema, then JSON.stringify; zod puts a loose object's declared keys
 * first), so a thread can write an answer the route then sends as it is (application/json text
 * skips the serializer), byte for byte what the serializer would have written.
 */
import { z } from 'zod';

export function serializedAs(schema: z.ZodType, value: unknown): string {
  return JSON.stringify(z.encode(schema, value as never));
}
