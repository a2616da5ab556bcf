import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';

/** The email outbox, invitations and password resets (issue 10). Tokens are stored only as SHA-256 hashes. */
export class Outbox1764001000000 implements MigrationInterface {
  name = 'Outbox1764001000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'outbox',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'kind', type: 'varchar', length: '40' },
          { name: 'recipient', type: 'varchar', length: '254' },
          { name: 'userId', type: 'varchar', length: '36', isNullable: true },
          { name: 'projectSlug', type: 'varchar', length: '100', isNullable: true },
          { name: 'summary', type: 'varchar', length: '500' },
          { name: 'subject', type: 'varchar', length: '300' },
          { name: 'text', type: 'text' },
          { name: 'html', type: 'text' },
          { name: 'status', type: 'varchar', length: '10' },
          { name: 'attempts', type: 'integer', default: 0 },
          { name: 'lastError', type: 'text', isNullable: true },
          { name: 'nextAttemptAt', type: 'varchar', length: '32' },
          { name: 'createdAt', type: 'varchar', length: '32' },
          { name: 'sentAt', type: 'varchar', length: '32', isNullable: true },
          { name: 'messageId', type: 'varchar', length: '300', isNullable: true },
          { name: 'readAt', type: 'varchar', length: '32', isNullable: true },
        ],
        indices: [
          new TableIndex({ name: 'ix_outbox_due', columnNames: ['status', 'nextAttemptAt'] }),
          new TableIndex({ name: 'ix_outbox_user', columnNames: ['userId', 'createdAt'] }),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'invitation',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'tokenHash', type: 'varchar', length: '64', isUnique: true },
          { name: 'email', type: 'varchar', length: '254' },
          { name: 'name', type: 'varchar', length: '200' },
          { name: 'role', type: 'varchar', length: '30' },
          { name: 'projectSlug', type: 'varchar', length: '100', isNullable: true },
          { name: 'groupKey', type: 'varchar', length: '40', isNullable: true },
          { name: 'member', type: 'text', isNullable: true },
          { name: 'invitedById', type: 'varchar', length: '36' },
          { name: 'invitedByName', type: 'varchar', length: '200' },
          { name: 'createdAt', type: 'varchar', length: '32' },
          { name: 'expiresAt', type: 'varchar', length: '32' },
          { name: 'acceptedAt', type: 'varchar', length: '32', isNullable: true },
          { name: 'userId', type: 'varchar', length: '36', isNullable: true },
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'password_reset',
        columns: [
          { name: 'tokenHash', type: 'varchar', length: '64', isPrimary: true },
          { name: 'userId', type: 'varchar', length: '36' },
          { name: 'createdAt', type: 'varchar', length: '32' },
          { name: 'expiresAt', type: 'varchar', length: '32' },
          { name: 'usedAt', type: 'varchar', length: '32', isNullable: true },
        ],
        indices: [new TableIndex({ name: 'ix_password_reset_user', columnNames: ['userId'] })],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('password_reset');
    await queryRunner.dropTable('invitation');
    await queryRunner.dropTable('outbox');
  }
}
