/**
 * Reading the service's own OpenAPI document (GET /docs/json) in tests: its shape as far as the
 * tests look, and a walk over a schema's fields.
 */
import type { FastifyInstance } from 'fastify';

export interface JsonSchema {
  type?: string;
  description?: string;
  example?: unknown;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  additionalProperties?: boolean | JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  $ref?: string;
}

export interface MediaType {
  schema?: JsonSchema;
  example?: unknown;
}

export interface Operation {
  summary?: string;
  parameters?: unknown[];
  requestBody?: { content: Record<string, MediaType> };
  responses?: Record<string, { description?: string; content?: Record<string, MediaType> }>;
}

export interface OpenApiDocument {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, JsonSchema> };
}

export async function openApiDocument(app: FastifyInstance): Promise<OpenApiDocument> {
  const res = await app.inject({ url: '/docs/json' });
  if (res.statusCode !== 200) throw new Error(`GET /docs/json: ${res.statusCode} ${res.body.slice(0, 300)}`);
  return res.json<OpenApiDocument>();
}

/** Every (path, method) of the document. */
export function operations(doc: OpenApiDocument): Array<{ path: string; method: string; operation: Operation }> {
  return Object.entries(doc.paths).flatMap(([path, methods]) => Object.entries(methods).map(([method, operation]) => ({ path, method, operation })));
}

/** The JSON request body schema of an operation (undefined when it has none). */
export function requestSchema(doc: OpenApiDocument, path: string, method: string): JsonSchema | undefined {
  return doc.paths[path]?.[method]?.requestBody?.content['application/json']?.schema;
}

/** The example a client (Swagger UI's "Try it out") starts from: the media type's, else the schema's. */
export function requestExample(doc: OpenApiDocument, path: string, method: string): unknown {
  const media = doc.paths[path]?.[method]?.requestBody?.content['application/json'];
  return media?.example ?? media?.schema?.example;
}

export function responseSchema(doc: OpenApiDocument, path: string, method: string, status: string, mediaType = 'application/json'): JsonSchema | undefined {
  return doc.paths[path]?.[method]?.responses?.[status]?.content?.[mediaType]?.schema;
}

function resolve(doc: OpenApiDocument, schema: JsonSchema): JsonSchema {
  if (!schema.$ref) return schema;
  const name = schema.$ref.replace('#/components/schemas/', '');
  const target = doc.components?.schemas?.[name];
  if (!target) throw new Error(`unresolvable $ref ${schema.$ref}`);
  return resolve(doc, target);
}

/**
 * The JSON path of every field under `schema` (recursively: nested objects, array items, map values,
 * union members) that lacks a non-empty description or an example, with what it lacks.
 */
export function undocumentedFields(doc: OpenApiDocument, schema: JsonSchema, root: string): string[] {
  const out: string[] = [];
  const seen = new Set<JsonSchema>();
  const visit = (node: JsonSchema, at: string) => {
    const s = resolve(doc, node);
    if (seen.has(s)) return;
    seen.add(s);
    for (const [name, raw] of Object.entries(s.properties ?? {})) {
      const field = resolve(doc, raw);
      const here = `${at}.${name}`;
      const missing = [
        ...(typeof field.description === 'string' && field.description.trim() !== '' ? [] : ['description']),
        ...(field.example === undefined ? ['example'] : []),
      ];
      if (missing.length > 0) out.push(`${here} (no ${missing.join(', no ')})`);
      visit(field, here);
    }
    if (s.items) visit(s.items, `${at}[]`);
    if (typeof s.additionalProperties === 'object') visit(s.additionalProperties, `${at}{}`);
    for (const member of [...(s.anyOf ?? []), ...(s.oneOf ?? []), ...(s.allOf ?? [])]) visit(member, at);
  };
  visit(schema, root);
  return out;
}
