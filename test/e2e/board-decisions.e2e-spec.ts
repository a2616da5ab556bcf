import Database from 'better-sqlite3';
import { boardDecisionsSuite } from './support/board-decisions-suite';

boardDecisionsSuite('SQLite', {}, {
  tamper: (t, sql) => {
    const db = new Database(t.databasePath, { fileMustExist: true });
    try {
      db.prepare(sql).run();
    } finally {
      db.close();
    }
  },
});
