import { MigrationInterface, QueryRunner, Table, TableIndex, TableUnique } from 'typeorm';

/** Projects, recorded deliverables and the append-only history. Built with TypeORM's
 * Table API so the same migration produces SQLite and PostgreSQL DDL. */
export class InitialSchema1763850000000 implements MigrationInterface {
  name = 'InitialSchema1763850000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'project',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'slug', type: 'varchar', length: '80', isUnique: true },
          { name: 'name', type: 'varchar', length: '200' },
          { name: 'scope', type: 'varchar', length: '20' },
          { name: 'area', type: 'varchar', length: '500', isNullable: true },
          { name: 'districts', type: 'text' },
          { name: 'pcns', type: 'text' },
          { name: 'snapshot', type: 'text' },
          { name: 'machineVersion', type: 'integer' },
          { name: 'version', type: 'integer' },
          { name: 'createdAt', type: 'varchar', length: '32' },
          { name: 'updatedAt', type: 'varchar', length: '32' },
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'deliverable_record',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'projectId', type: 'varchar', length: '36' },
          { name: 'stage', type: 'varchar', length: '60' },
          { name: 'deliverable', type: 'varchar', length: '60' },
          { name: 'status', type: 'varchar', length: '20' },
          { name: 'evidence', type: 'text', isNullable: true },
          { name: 'updatedAt', type: 'varchar', length: '32' },
        ],
        uniques: [new TableUnique({ name: 'uq_deliverable_record', columnNames: ['projectId', 'stage', 'deliverable'] })],
        foreignKeys: [{ columnNames: ['projectId'], referencedTableName: 'project', referencedColumnNames: ['id'] }],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'history_entry',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'projectId', type: 'varchar', length: '36' },
          { name: 'sequence', type: 'integer' },
          { name: 'occurredAt', type: 'varchar', length: '32' },
          { name: 'type', type: 'varchar', length: '60' },
          { name: 'stage', type: 'varchar', length: '60', isNullable: true },
          { name: 'payload', type: 'text' },
          { name: 'outcome', type: 'varchar', length: '10' },
          { name: 'blockers', type: 'text', isNullable: true },
          { name: 'resultingState', type: 'text' },
          { name: 'actorId', type: 'varchar', length: '36', isNullable: true },
          { name: 'actorName', type: 'varchar', length: '200', isNullable: true },
        ],
        uniques: [new TableUnique({ name: 'uq_history_sequence', columnNames: ['projectId', 'sequence'] })],
        foreignKeys: [{ columnNames: ['projectId'], referencedTableName: 'project', referencedColumnNames: ['id'] }],
      }),
    );
    await queryRunner.createIndex('deliverable_record', new TableIndex({ name: 'ix_deliverable_project', columnNames: ['projectId'] }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('history_entry');
    await queryRunner.dropTable('deliverable_record');
    await queryRunner.dropTable('project');
  }
}
