import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The workflow view lists a project's reopenings (every project page, workflow view and command
 * answer): a partial index of the STAGE_REOPENED entries only, so that read does not walk a long
 * history (a project of 100,000 entries) and costs no bytes for the other entries.
 */
export class HistoryReopenedIndex1765300001000 implements MigrationInterface {
  name = 'HistoryReopenedIndex1765300001000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX "ix_history_reopened" ON "history_entry" ("projectId", "sequence") WHERE "type" = 'STAGE_REOPENED'`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "ix_history_reopened"`);
  }
}
