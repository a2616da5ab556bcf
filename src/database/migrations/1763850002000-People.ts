import { MigrationInterface, QueryRunner, Table, TableColumn, TableIndex, TableUnique } from 'typeorm';

/** Accounts, the stage-1 groups, review rounds with their decisions, stage comments, and each project's manager. */
export class People1763850002000 implements MigrationInterface {
  name = 'People1763850002000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'app_user',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'email', type: 'varchar', length: '254', isUnique: true },
          { name: 'name', type: 'varchar', length: '200' },
          { name: 'role', type: 'varchar', length: '30' },
          { name: 'passwordHash', type: 'varchar', length: '300' },
          { name: 'active', type: 'boolean' },
          { name: 'createdAt', type: 'varchar', length: '32' },
        ],
      }),
    );
    await queryRunner.addColumn('project', new TableColumn({ name: 'managerUserId', type: 'varchar', length: '36', isNullable: true }));
    await queryRunner.createTable(
      new Table({
        name: 'group_member',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'projectId', type: 'varchar', length: '36' },
          { name: 'groupKey', type: 'varchar', length: '40' },
          { name: 'name', type: 'varchar', length: '200' },
          { name: 'organisation', type: 'varchar', length: '200' },
          { name: 'organisationType', type: 'varchar', length: '40' },
          { name: 'roleInGroup', type: 'varchar', length: '200' },
          { name: 'isLead', type: 'boolean' },
          { name: 'userId', type: 'varchar', length: '36', isNullable: true },
          { name: 'createdAt', type: 'varchar', length: '32' },
          { name: 'updatedAt', type: 'varchar', length: '32' },
        ],
        uniques: [new TableUnique({ name: 'uq_group_member_user', columnNames: ['projectId', 'groupKey', 'userId'] })],
        foreignKeys: [
          { columnNames: ['projectId'], referencedTableName: 'project', referencedColumnNames: ['id'] },
          { columnNames: ['userId'], referencedTableName: 'app_user', referencedColumnNames: ['id'] },
        ],
      }),
    );
    await queryRunner.createIndex('group_member', new TableIndex({ name: 'ix_group_member_project', columnNames: ['projectId'] }));
    await queryRunner.createTable(
      new Table({
        name: 'review_round',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'projectId', type: 'varchar', length: '36' },
          { name: 'stage', type: 'varchar', length: '60' },
          { name: 'round', type: 'integer' },
          { name: 'openedAt', type: 'varchar', length: '32' },
          { name: 'openedById', type: 'varchar', length: '36', isNullable: true },
          { name: 'openedByName', type: 'varchar', length: '200', isNullable: true },
          { name: 'closedAt', type: 'varchar', length: '32', isNullable: true },
          { name: 'closedById', type: 'varchar', length: '36', isNullable: true },
          { name: 'closedByName', type: 'varchar', length: '200', isNullable: true },
          { name: 'outcome', type: 'varchar', length: '20' },
        ],
        uniques: [new TableUnique({ name: 'uq_review_round', columnNames: ['projectId', 'stage', 'round'] })],
        foreignKeys: [{ columnNames: ['projectId'], referencedTableName: 'project', referencedColumnNames: ['id'] }],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'review_decision',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'projectId', type: 'varchar', length: '36' },
          { name: 'roundId', type: 'integer' },
          { name: 'stage', type: 'varchar', length: '60' },
          { name: 'round', type: 'integer' },
          { name: 'reviewerUserId', type: 'varchar', length: '36' },
          { name: 'reviewerName', type: 'varchar', length: '200' },
          { name: 'groupKey', type: 'varchar', length: '40' },
          { name: 'decision', type: 'varchar', length: '20' },
          { name: 'comment', type: 'text' },
          { name: 'decidedAt', type: 'varchar', length: '32' },
        ],
        foreignKeys: [
          { columnNames: ['projectId'], referencedTableName: 'project', referencedColumnNames: ['id'] },
          { columnNames: ['roundId'], referencedTableName: 'review_round', referencedColumnNames: ['id'] },
          { columnNames: ['reviewerUserId'], referencedTableName: 'app_user', referencedColumnNames: ['id'] },
        ],
      }),
    );
    await queryRunner.createIndex('review_decision', new TableIndex({ name: 'ix_review_decision_round', columnNames: ['roundId'] }));
    await queryRunner.createTable(
      new Table({
        name: 'stage_comment',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'projectId', type: 'varchar', length: '36' },
          { name: 'stage', type: 'varchar', length: '60' },
          { name: 'round', type: 'integer', isNullable: true },
          { name: 'authorUserId', type: 'varchar', length: '36' },
          { name: 'authorName', type: 'varchar', length: '200' },
          { name: 'text', type: 'text' },
          { name: 'createdAt', type: 'varchar', length: '32' },
        ],
        foreignKeys: [
          { columnNames: ['projectId'], referencedTableName: 'project', referencedColumnNames: ['id'] },
          { columnNames: ['authorUserId'], referencedTableName: 'app_user', referencedColumnNames: ['id'] },
        ],
      }),
    );
    await queryRunner.createIndex('stage_comment', new TableIndex({ name: 'ix_stage_comment_project_stage', columnNames: ['projectId', 'stage'] }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('stage_comment');
    await queryRunner.dropTable('review_decision');
    await queryRunner.dropTable('review_round');
    await queryRunner.dropTable('group_member');
    await queryRunner.dropColumn('project', 'managerUserId');
    await queryRunner.dropTable('app_user');
  }
}
