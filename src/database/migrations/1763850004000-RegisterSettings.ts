import { MigrationInterface, QueryRunner, Table, TableUnique } from 'typeorm';

/** Per-project settings of the evidence registers (the stage 2 coverage shortfall reason). */
export class RegisterSettings1763850004000 implements MigrationInterface {
  name = 'RegisterSettings1763850004000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'register_setting',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'projectId', type: 'varchar', length: '36' },
          { name: 'name', type: 'varchar', length: '60' },
          { name: 'value', type: 'text', isNullable: true },
          { name: 'updatedAt', type: 'varchar', length: '32' },
        ],
        uniques: [new TableUnique({ name: 'uq_register_setting', columnNames: ['projectId', 'name'] })],
        foreignKeys: [{ columnNames: ['projectId'], referencedTableName: 'project', referencedColumnNames: ['id'] }],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('register_setting');
  }
}
