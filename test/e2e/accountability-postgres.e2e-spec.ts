import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { tamperSuite } from './support/tamper-suite';

/** The same tampering on PostgreSQL, in a throw-away schema (see postgres.e2e-spec.ts). */
const SERVER = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const schema = `e2e_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
const url = `${SERVER}?options=${encodeURIComponent(`-c search_path=${schema}`)}`;
const admin = new Client({ connectionString: SERVER });

beforeAll(async () => {
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
});

const numbered = (sql: string) => {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
};

tamperSuite(
  'PostgreSQL',
  { DATABASE_TYPE: 'postgres', DATABASE_URL: url },
  async () => {
    const db = new Client({ connectionString: url });
    await db.connect();
    return {
      verifyOptions: { url },
      run: async (sql, params = []) => void (await db.query(numbered(sql), params)),
      get: async (sql, params = []) => (await db.query(numbered(sql), params)).rows[0],
      all: async (sql, params = []) => (await db.query(numbered(sql), params)).rows,
      close: async () => db.end(),
    };
  },
  async () => {
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await admin.end();
  },
);
