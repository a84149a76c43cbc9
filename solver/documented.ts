/**
 * A schema with the description and example the OpenAPI document shows for it. The example is typed
 * by the schema, so an example that no longer fits a changed field fails the typecheck instead of
 * misleading readers of /docs.
 */
import type { z } from 'zod';

export function documented<T extends z.ZodType>(schema: T, description: string, example: z.input<T>): T {
  return schema.meta({ description, example });
}
