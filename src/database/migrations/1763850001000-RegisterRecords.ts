import { MigrationInterface, QueryRunner, Table, TableIndex, TableUnique } from 'typeorm';

export class RegisterRecords1763850001000 implements MigrationInterface {
  name = 'RegisterRecords1763850001000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'register_record',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'projectId', type: 'varchar', length: '36' },
          { name: 'recordType', type: 'varchar', length: '40' },
          { name: 'recordId', type: 'varchar', length: '100' },
          { name: 'data', type: 'text' },
          { name: 'createdAt', type: 'varchar', length: '32' },
          { name: 'updatedAt', type: 'varchar', length: '32' },
        ],
        uniques: [new TableUnique({ name: 'uq_register_record', columnNames: ['projectId', 'recordType', 'recordId'] })],
        foreignKeys: [{ columnNames: ['projectId'], referencedTableName: 'project', referencedColumnNames: ['id'] }],
      }),
    );
    await queryRunner.createIndex('register_record', new TableIndex({ name: 'ix_register_record_project', columnNames: ['projectId'] }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('register_record');
  }
}
