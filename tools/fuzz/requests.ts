/**
 * fast-check arbitraries for requests to every documented operation: path and query values drawn
 * from the fixture's real ids and from garbage; bodies built from the operation's OpenAPI schema,
 * then mutated (wrong types, huge and deeply nested values, unicode including lone surrogates,
 * missing required and extra fields, bodies that are not objects or not JSON at all).
 */
import fc from 'fast-check';
import { Operation, resolve, Schema } from './openapi';

export interface FuzzRequest {
  operation: string;
  method: Operation['method'];
  url: string;
  /** Raw body text (JSON or CSV, or deliberately broken). */
  payload?: string;
  contentType?: string;
  who: 'pm' | 'admin' | 'anonymous' | 'bad-token';
}

/** Real values to put in paths (the fixture's projects, stages, record ids...), by parameter name. */
export type Pools = Record<string, string[]>;

const NASTY_STRINGS = [
  '',
  ' ',
  '   \t\n ',
  '\u0000',
  '\uD800',
  'a\uDFFFb',
  '\uFEFF',
  '😀'.repeat(50),
  'Ω≈ç√∫˜µ≤≥÷',
  '<script>alert(1)</script>',
  "'; DROP TABLE project; --",
  '=HYPERLINK("http://x")',
  '../../etc/passwd',
  '%00',
  '9'.repeat(400),
  'x'.repeat(70_000),
];
const NASTY_NUMBERS = [0, -1, 1.5, -0, 1e308, -1e308, 2 ** 53 + 1, 2 ** 63, -(2 ** 63), 9_999_999_999_999, 1e-300, 4.9e-324];

const nastyString = fc.oneof(fc.constantFrom(...NASTY_STRINGS), fc.string({ unit: 'binary', maxLength: 40 }), fc.string({ unit: 'grapheme', maxLength: 40 }));
const nastyNumber = fc.oneof(fc.constantFrom(...NASTY_NUMBERS), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer());
/** Any JSON value, of any type: for "wrong type" mutations. */
const wrongType = fc.oneof(
  { weight: 3, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
  { weight: 1, arbitrary: nastyString },
  { weight: 1, arbitrary: nastyNumber },
  { weight: 1, arbitrary: fc.constantFrom(null, true, false, [], {}) },
);

/** JSON text nested `depth` deep (arrays or objects), built as text: no recursion anywhere. */
const deepText = (depth: number, kind: 'array' | 'object') => (kind === 'array' ? '['.repeat(depth) + ']'.repeat(depth) : '{"a":'.repeat(depth) + '1' + '}'.repeat(depth));
const DEEP = '\u0000DEEP\u0000';

function typed(schema: Schema, depth: number, document: Schema): fc.Arbitrary<unknown> {
  if (Array.isArray(schema.oneOf)) return fc.oneof(...schema.oneOf.map((s: Schema) => valid(resolve(document, s), depth, document)));
  if (Array.isArray(schema.enum)) return fc.constantFrom(...schema.enum);
  switch (schema.type) {
    case 'string': {
      const samples = [schema.example, schema.default].filter((x) => typeof x === 'string');
      if (schema.format === 'date' || /date/i.test(schema.description ?? '')) samples.push('2027-03-31');
      const plain = fc.string({ minLength: schema.minLength ?? 1, maxLength: Math.min(schema.maxLength ?? 40, 60) });
      return samples.length ? fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...samples) }, { weight: 1, arbitrary: plain }) : plain;
    }
    case 'integer':
      return fc.integer({ min: schema.minimum ?? 0, max: schema.maximum ?? 100_000 });
    case 'number': {
      const samples = [schema.example].filter((x) => typeof x === 'number');
      const range = fc.double({ min: schema.minimum ?? 0, max: schema.maximum ?? 100_000, noNaN: true });
      return samples.length ? fc.oneof(fc.constantFrom(...samples), range) : range;
    }
    case 'boolean':
      return fc.boolean();
    case 'array':
      return depth > 4 ? fc.constant([]) : fc.array(valid(resolve(document, schema.items), depth + 1, document), { maxLength: 4 });
    case 'object':
    default:
      if (!schema.properties) return depth > 4 ? fc.constant({}) : fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 });
      return object(schema, depth, document);
  }
}

function object(schema: Schema, depth: number, document: Schema): fc.Arbitrary<Record<string, unknown>> {
  const required = new Set<string>(schema.required ?? []);
  const model: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [name, prop] of Object.entries(schema.properties as Record<string, Schema>)) model[name] = valid(resolve(document, prop), depth + 1, document);
  return fc.record(model, { requiredKeys: [...required].filter((k) => k in model) }) as fc.Arbitrary<Record<string, unknown>>;
}

/** A value the schema allows, mostly; now and then one mutated in place. */
function valid(schema: Schema, depth: number, document: Schema): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 12, arbitrary: typed(schema, depth, document) },
    { weight: 1, arbitrary: wrongType },
    { weight: 1, arbitrary: schema.type === 'string' ? nastyString : nastyNumber },
    { weight: 1, arbitrary: fc.constant(DEEP) },
  );
}

/** Whole-body mutations of a schema-derived object. */
function mutateBody(base: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 6, arbitrary: base },
    // missing fields
    { weight: 2, arbitrary: base.chain((b) => (b && typeof b === 'object' && !Array.isArray(b) ? fc.subarray(Object.keys(b)).map((keep) => Object.fromEntries(keep.map((k) => [k, (b as any)[k]]))) : fc.constant(b))) },
    // extra fields, prototype pollution among them
    {
      weight: 2,
      arbitrary: fc
        .tuple(base, fc.dictionary(fc.oneof(fc.constantFrom('__proto__', 'constructor', 'prototype', 'id', 'version', 'isAdmin', 'role'), fc.string({ maxLength: 10 })), wrongType, { minKeys: 1, maxKeys: 3 }))
        .map(([b, extra]) => (b && typeof b === 'object' && !Array.isArray(b) ? { ...(b as object), ...extra } : b)),
    },
    // not an object at all
    { weight: 1, arbitrary: wrongType },
  );
}

export type BodyText = { payload: string; contentType: string } | undefined;

function bodyText(operation: Operation, document: Schema): fc.Arbitrary<BodyText> {
  if (!operation.body) {
    return fc.oneof({ weight: 8, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }).map((v) => ({ payload: JSON.stringify(v) ?? 'null', contentType: 'application/json' })) });
  }
  if (operation.body.contentType === 'text/csv') {
    const example = String(operation.body.schema.example ?? 'id\r\n');
    const header = example.split(/\r?\n/)[0];
    const cell = fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('"', '""', 'a"', '"a,b"', '=SUM(A1)', "'=x", '\r', '\n', '1e308', '-5', ''));
    const csv = fc.oneof(
      fc.constant(example),
      fc.array(fc.array(cell, { minLength: 1, maxLength: 8 }), { maxLength: 30 }).map((rows) => [header, ...rows.map((r) => r.join(','))].join('\r\n')),
      fc.string({ unit: 'binary', maxLength: 200 }),
      fc.constant(`${header}\r\n` + 'a"\r\n'.repeat(3000)),
    );
    return csv.map((payload) => ({ payload, contentType: 'text/csv' }));
  }
  const json = mutateBody(valid(operation.body.schema, 0, document)).map((value) => {
    const text = JSON.stringify(value) ?? 'null';
    // the deep marker becomes JSON nested thousands deep, spliced in as text
    return { payload: text.split(JSON.stringify(DEEP)).join(deepText(3000, 'array')), contentType: 'application/json' };
  });
  return fc.oneof(
    { weight: 20, arbitrary: json },
    { weight: 1, arbitrary: fc.constantFrom(deepText(5000, 'object'), deepText(5000, 'array'), '{"a":', '{,}', 'nul', '"\\ud800"', '[1,2', '{"type":"RESUME"}'.repeat(2)).map((payload) => ({ payload, contentType: 'application/json' })) },
    { weight: 1, arbitrary: json.map((b) => ({ payload: b.payload, contentType: 'text/plain' })) },
  );
}

function pathValue(name: string, schema: Schema, pools: Pools): fc.Arbitrary<string> {
  const real = [...(pools[name] ?? []), ...(Array.isArray(schema.enum) ? schema.enum.map(String) : [])];
  const garbage = fc.oneof(fc.constantFrom('x', 'no-such-thing', '0', '-1', '%2e%2e', 'a'.repeat(300), '%F0%9F%98%80', '%00', '00000000-0000-0000-0000-000000000000'), fc.stringMatching(/^[a-z0-9-]{1,20}$/));
  return real.length ? fc.oneof({ weight: 8, arbitrary: fc.constantFrom(...real) }, { weight: 1, arbitrary: garbage }) : garbage;
}

function queryValue(schema: Schema): fc.Arbitrary<string | undefined> {
  const typedValue = Array.isArray(schema.enum)
    ? fc.constantFrom(...schema.enum.map(String))
    : schema.type === 'number' || schema.type === 'integer' || schema.minimum !== undefined
      ? fc.integer({ min: schema.minimum ?? 0, max: schema.maximum ?? 50 }).map(String)
      : fc.string({ maxLength: 10 });
  const bad = fc.constantFrom('-1', '1e308', '99999999999999999999999', '9223372036854775808', 'abc', '', '1.5', 'NaN', '0x10', '%00', '[]');
  return fc.oneof({ weight: 3, arbitrary: fc.constant(undefined) }, { weight: 4, arbitrary: typedValue }, { weight: 2, arbitrary: bad });
}

/** One request to one documented operation. */
export function requestFor(operation: Operation, document: Schema, pools: Pools): fc.Arbitrary<FuzzRequest> {
  const path = fc.tuple(...operation.pathParams.map((p) => pathValue(p.name, p.schema, pools))).map((values) =>
    operation.pathParams.reduce((url, p, i) => url.replace(`{${p.name}}`, encodeURIComponent(values[i]).replace(/%25/g, '%')), operation.path),
  );
  const query = fc.tuple(...operation.queryParams.map((p) => queryValue(p.schema))).map((values) => {
    const parts = operation.queryParams.flatMap((p, i) => (values[i] === undefined ? [] : [`${p.name}=${encodeURIComponent(values[i]!)}`]));
    return parts.length ? `?${parts.join('&')}` : '';
  });
  const who = fc.constantFrom<FuzzRequest['who']>('pm', 'pm', 'pm', 'pm', 'pm', 'pm', 'admin', 'admin', 'anonymous', 'bad-token');
  return fc.tuple(path, query, bodyText(operation, document), who).map(([p, q, body, w]) => ({
    operation: operation.key,
    method: operation.method,
    url: p + q,
    payload: body?.payload,
    contentType: body?.contentType,
    who: w,
  }));
}

/** A request to any documented operation, each operation as likely as any other. */
export function anyRequest(ops: Operation[], document: Schema, pools: Pools): fc.Arbitrary<FuzzRequest> {
  return fc.oneof(...ops.map((op) => requestFor(op, document, pools)));
}
