import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';

/** Signed checkpoints of each project's history head, written after every stage decision. */
export class HistoryCheckpoints1764000501000 implements MigrationInterface {
  name = 'HistoryCheckpoints1764000501000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'history_checkpoint',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'projectId', type: 'varchar', length: '36' },
          { name: 'sequence', type: 'integer' },
          { name: 'headHash', type: 'varchar', length: '64' },
          { name: 'at', type: 'varchar', length: '32' },
          { name: 'signature', type: 'varchar', length: '200' },
          { name: 'keyId', type: 'varchar', length: '16' },
        ],
      }),
    );
    await queryRunner.createIndex('history_checkpoint', new TableIndex({ name: 'ix_history_checkpoint_project', columnNames: ['projectId', 'sequence'] }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('history_checkpoint');
  }
}
