import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { asOfSuite } from './support/as-of-suite';

/** The same ?at= run on PostgreSQL, in a throw-away schema: the shadow it is answered from is SQLite either way. */
const SERVER = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const schema = `e2e_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
const url = `${SERVER}?options=${encodeURIComponent(`-c search_path=${schema}`)}`;
const admin = new Client({ connectionString: SERVER });

beforeAll(async () => {
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
});

asOfSuite('PostgreSQL', { DATABASE_TYPE: 'postgres', DATABASE_URL: url }, async () => {
  await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await admin.end();
});
