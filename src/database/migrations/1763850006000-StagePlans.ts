import { MigrationInterface, QueryRunner, Table, TableUnique } from 'typeorm';

/** Stage plans: the date each stage of a project is due to be approved (the board's lateness). */
export class StagePlans1763850006000 implements MigrationInterface {
  name = 'StagePlans1763850006000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'stage_plan',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'projectId', type: 'varchar', length: '36' },
          { name: 'stage', type: 'varchar', length: '60' },
          { name: 'targetDate', type: 'varchar', length: '10' },
          { name: 'updatedAt', type: 'varchar', length: '32' },
          { name: 'updatedById', type: 'varchar', length: '36', isNullable: true },
          { name: 'updatedByName', type: 'varchar', length: '200', isNullable: true },
        ],
        uniques: [new TableUnique({ name: 'uq_stage_plan', columnNames: ['projectId', 'stage'] })],
        foreignKeys: [{ columnNames: ['projectId'], referencedTableName: 'project', referencedColumnNames: ['id'] }],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('stage_plan');
  }
}
