import { MigrationInterface, QueryRunner, Table, TableIndex, TableUnique } from 'typeorm';

/**
 * Stage 6 (development of options): the options with their appraisals, one Outline Business
 * Case per project and one significant-service-change assurance record per project. Each row
 * keeps its domain object as JSON: the pure rules in workflows/stage6 read them whole.
 */
export class Stage61763850003000 implements MigrationInterface {
  name = 'Stage61763850003000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'project_option',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'projectId', type: 'varchar', length: '36' },
          { name: 'optionId', type: 'varchar', length: '100' },
          { name: 'position', type: 'integer' },
          { name: 'data', type: 'text' },
          { name: 'createdAt', type: 'varchar', length: '32' },
          { name: 'updatedAt', type: 'varchar', length: '32' },
        ],
        uniques: [new TableUnique({ name: 'uq_project_option', columnNames: ['projectId', 'optionId'] })],
        foreignKeys: [{ columnNames: ['projectId'], referencedTableName: 'project', referencedColumnNames: ['id'] }],
      }),
    );
    await queryRunner.createIndex('project_option', new TableIndex({ name: 'ix_project_option_project', columnNames: ['projectId'] }));
    await queryRunner.createTable(
      new Table({
        name: 'business_case',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'projectId', type: 'varchar', length: '36', isUnique: true },
          { name: 'data', type: 'text' },
          { name: 'noQuickWins', type: 'boolean', default: false },
          { name: 'createdAt', type: 'varchar', length: '32' },
          { name: 'updatedAt', type: 'varchar', length: '32' },
        ],
        foreignKeys: [{ columnNames: ['projectId'], referencedTableName: 'project', referencedColumnNames: ['id'] }],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'service_change_assurance',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'projectId', type: 'varchar', length: '36', isUnique: true },
          { name: 'data', type: 'text' },
          { name: 'createdAt', type: 'varchar', length: '32' },
          { name: 'updatedAt', type: 'varchar', length: '32' },
        ],
        foreignKeys: [{ columnNames: ['projectId'], referencedTableName: 'project', referencedColumnNames: ['id'] }],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('service_change_assurance');
    await queryRunner.dropTable('business_case');
    await queryRunner.dropTable('project_option');
  }
}
