import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { boardDecisionsSuite } from './support/board-decisions-suite';

/** The same board-decision flow on PostgreSQL, in a throw-away schema. */
const SERVER = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const schema = `e2e_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
const url = `${SERVER}?options=${encodeURIComponent(`-c search_path=${schema}`)}`;
const admin = new Client({ connectionString: SERVER });

beforeAll(async () => {
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
});

boardDecisionsSuite('PostgreSQL', { DATABASE_TYPE: 'postgres', DATABASE_URL: url }, {
  cleanup: async () => {
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await admin.end();
  },
});
