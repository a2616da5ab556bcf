import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';

/** A history entry names the HTTP request (X-Request-Id) that wrote it, so it can be found in the logs. */
export class HistoryRequestId1764000200000 implements MigrationInterface {
  name = 'HistoryRequestId1764000200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumn('history_entry', new TableColumn({ name: 'requestId', type: 'varchar', length: '128', isNullable: true }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('history_entry', 'requestId');
  }
}
