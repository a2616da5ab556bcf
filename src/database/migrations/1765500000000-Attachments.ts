import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';

/** Evidence files attached to a project's records (issue 10); the bytes are kept outside the database by SHA-256. */
export class Attachments1765500000000 implements MigrationInterface {
  name = 'Attachments1765500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'attachment',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'projectId', type: 'varchar', length: '36' },
          { name: 'targetKind', type: 'varchar', length: '30' },
          { name: 'stage', type: 'varchar', length: '60' },
          { name: 'targetKey', type: 'varchar', length: '200' },
          { name: 'filename', type: 'varchar', length: '255' },
          { name: 'contentType', type: 'varchar', length: '120' },
          { name: 'size', type: 'integer' },
          { name: 'sha256', type: 'varchar', length: '64' },
          { name: 'attachedAt', type: 'varchar', length: '32' },
          { name: 'attachedById', type: 'varchar', length: '36' },
          { name: 'attachedByName', type: 'varchar', length: '200' },
          { name: 'removedAt', type: 'varchar', length: '32', isNullable: true },
          { name: 'removedById', type: 'varchar', length: '36', isNullable: true },
          { name: 'removedByName', type: 'varchar', length: '200', isNullable: true },
        ],
        foreignKeys: [{ columnNames: ['projectId'], referencedTableName: 'project', referencedColumnNames: ['id'] }],
        indices: [new TableIndex({ name: 'ix_attachment_target', columnNames: ['projectId', 'targetKind', 'stage', 'targetKey'] })],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('attachment');
  }
}
