import { MigrationInterface, QueryRunner, Table } from 'typeorm';

/** The account audit log (users created, roles changed, deactivations, password resets, managers assigned) and its head. */
export class AuditLog1764000502000 implements MigrationInterface {
  name = 'AuditLog1764000502000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'audit_log_entry',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'sequence', type: 'integer' },
          { name: 'occurredAt', type: 'varchar', length: '32' },
          { name: 'type', type: 'varchar', length: '60' },
          { name: 'subjectUserId', type: 'varchar', length: '36', isNullable: true },
          { name: 'payload', type: 'text' },
          { name: 'actorId', type: 'varchar', length: '36', isNullable: true },
          { name: 'actorName', type: 'varchar', length: '200', isNullable: true },
          { name: 'hash', type: 'varchar', length: '64' },
        ],
        uniques: [{ name: 'uq_audit_log_sequence', columnNames: ['sequence'] }],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'audit_log_head',
        columns: [
          { name: 'id', type: 'varchar', length: '20', isPrimary: true },
          { name: 'headSequence', type: 'integer' },
          { name: 'headHash', type: 'varchar', length: '64', isNullable: true },
        ],
      }),
    );
    await queryRunner.query(`INSERT INTO "audit_log_head" ("id", "headSequence", "headHash") VALUES ('audit-log', 0, NULL)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('audit_log_head');
    await queryRunner.dropTable('audit_log_entry');
  }
}
