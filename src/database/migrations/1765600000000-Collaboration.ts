import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';

/** Stage discussion threads and the board's own decisions (issue 10, items 5 and 6). */
export class Collaboration1765600000000 implements MigrationInterface {
  name = 'Collaboration1765600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'discussion_post',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'projectId', type: 'varchar', length: '36' },
          { name: 'position', type: 'integer' },
          { name: 'stage', type: 'varchar', length: '60' },
          { name: 'replyToId', type: 'varchar', length: '36', isNullable: true },
          { name: 'authorUserId', type: 'varchar', length: '36' },
          { name: 'authorName', type: 'varchar', length: '200' },
          { name: 'text', type: 'text', isNullable: true },
          { name: 'createdAt', type: 'varchar', length: '32' },
          { name: 'editedAt', type: 'varchar', length: '32', isNullable: true },
          { name: 'removedAt', type: 'varchar', length: '32', isNullable: true },
          { name: 'removedById', type: 'varchar', length: '36', isNullable: true },
          { name: 'removedByName', type: 'varchar', length: '200', isNullable: true },
        ],
        foreignKeys: [{ columnNames: ['projectId'], referencedTableName: 'project', referencedColumnNames: ['id'] }],
        indices: [new TableIndex({ name: 'ix_discussion_post_stage', columnNames: ['projectId', 'stage', 'position'] })],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'board_decision',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'projectId', type: 'varchar', length: '36' },
          { name: 'position', type: 'integer' },
          { name: 'target', type: 'varchar', length: '20' },
          { name: 'stage', type: 'varchar', length: '60' },
          { name: 'decision', type: 'varchar', length: '20' },
          { name: 'meetingDate', type: 'varchar', length: '10' },
          { name: 'minuteReference', type: 'varchar', length: '100' },
          { name: 'note', type: 'text', isNullable: true },
          { name: 'decidedById', type: 'varchar', length: '36' },
          { name: 'decidedByName', type: 'varchar', length: '200' },
          { name: 'recordedAt', type: 'varchar', length: '32' },
        ],
        foreignKeys: [{ columnNames: ['projectId'], referencedTableName: 'project', referencedColumnNames: ['id'] }],
        indices: [new TableIndex({ name: 'ix_board_decision_project', columnNames: ['projectId', 'position'] })],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('board_decision');
    await queryRunner.dropTable('discussion_post');
  }
}
