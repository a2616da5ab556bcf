import Database from 'better-sqlite3';
import { tamperSuite } from './support/tamper-suite';

/** SQLite: SQL straight on the service's database file, from a second connection. */
tamperSuite('SQLite', {}, async (t) => {
  const db = new Database(t.databasePath);
  db.pragma('busy_timeout = 5000');
  return {
    verifyOptions: { database: t.databasePath },
    run: async (sql, params = []) => void db.prepare(sql).run(...params),
    get: async (sql, params = []) => db.prepare(sql).get(...params) as never,
    all: async (sql, params = []) => db.prepare(sql).all(...params) as never,
    close: async () => void db.close(),
  };
});
