/** The operations of the OpenAPI document (/api/docs/openapi.json), as the fuzzer and the access matrix use them. */

export type Schema = Record<string, any>;

export interface Operation {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** As documented, e.g. /api/projects/{slug}/workflow/events */
  path: string;
  /** "POST /api/projects/{slug}/workflow/events" */
  key: string;
  pathParams: Array<{ name: string; schema: Schema }>;
  queryParams: Array<{ name: string; schema: Schema }>;
  body?: { contentType: string; schema: Schema };
  /** Whether the document says it needs a bearer token. */
  secured: boolean;
}

export function operations(document: Schema): Operation[] {
  const out: Operation[] = [];
  for (const [path, item] of Object.entries(document.paths as Record<string, Record<string, Schema>>)) {
    for (const [method, op] of Object.entries(item)) {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
      const params = (op.parameters ?? []) as Array<{ in: string; name: string; schema: Schema }>;
      const content = op.requestBody?.content as Record<string, { schema: Schema }> | undefined;
      const contentType = content ? Object.keys(content)[0] : undefined;
      const upper = method.toUpperCase() as Operation['method'];
      // a path template the document does not describe as a parameter is fuzzed all the same
      const documented = new Set(params.filter((p) => p.in === 'path').map((p) => p.name));
      for (const [, name] of path.matchAll(/\{([^}]+)\}/g)) if (!documented.has(name)) params.push({ in: 'path', name, schema: { type: 'string' } });
      out.push({
        method: upper,
        path,
        key: `${upper} ${path}`,
        pathParams: params.filter((p) => p.in === 'path').map((p) => ({ name: p.name, schema: resolve(document, p.schema) })),
        queryParams: params.filter((p) => p.in === 'query').map((p) => ({ name: p.name, schema: resolve(document, p.schema) })),
        body: contentType ? { contentType, schema: resolve(document, content![contentType].schema) } : undefined,
        secured: Array.isArray(op.security) && op.security.length > 0,
      });
    }
  }
  return out;
}

/** Follows $ref (and allOf of one) to the schema itself. */
export function resolve(document: Schema, schema: Schema | undefined): Schema {
  if (!schema) return {};
  if (schema.$ref) {
    const name = String(schema.$ref).split('/').pop()!;
    return resolve(document, document.components?.schemas?.[name]);
  }
  if (Array.isArray(schema.allOf) && schema.allOf.length === 1 && !schema.properties) {
    const { allOf, ...rest } = schema;
    return { ...resolve(document, allOf[0]), ...rest };
  }
  return schema;
}
