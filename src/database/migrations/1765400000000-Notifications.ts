import { MigrationInterface, QueryRunner, Table, TableIndex, TableUnique } from 'typeorm';

/**
 * Notifications of every kind (issue 10 items 3 and 7): each person's notifications, their choices
 * per kind, the projects they follow, the digests sent and the target dates found passed. The
 * in-app list moves from the outbox to `notification`; the review requests already queued are copied.
 */
export class Notifications1765400000000 implements MigrationInterface {
  name = 'Notifications1765400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'notification',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'userId', type: 'varchar', length: '36' },
          { name: 'kind', type: 'varchar', length: '40' },
          { name: 'projectSlug', type: 'varchar', length: '100', isNullable: true },
          { name: 'message', type: 'varchar', length: '500' },
          { name: 'link', type: 'varchar', length: '500', isNullable: true },
          { name: 'delivery', type: 'varchar', length: '20' },
          { name: 'digestDay', type: 'varchar', length: '10', isNullable: true },
          { name: 'digestId', type: 'varchar', length: '36', isNullable: true },
          { name: 'createdAt', type: 'varchar', length: '32' },
          { name: 'readAt', type: 'varchar', length: '32', isNullable: true },
        ],
        indices: [
          new TableIndex({ name: 'ix_notification_user', columnNames: ['userId', 'createdAt'] }),
          new TableIndex({ name: 'ix_notification_digest', columnNames: ['delivery', 'digestId', 'digestDay'] }),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'notification_preference',
        columns: [
          { name: 'userId', type: 'varchar', length: '36', isPrimary: true },
          { name: 'kind', type: 'varchar', length: '40', isPrimary: true },
          { name: 'mode', type: 'varchar', length: '20' },
          { name: 'updatedAt', type: 'varchar', length: '32' },
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'project_follow',
        columns: [
          { name: 'projectId', type: 'varchar', length: '36', isPrimary: true },
          { name: 'userId', type: 'varchar', length: '36', isPrimary: true },
          { name: 'createdAt', type: 'varchar', length: '32' },
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'notification_digest',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'userId', type: 'varchar', length: '36' },
          { name: 'day', type: 'varchar', length: '10' },
          { name: 'createdAt', type: 'varchar', length: '32' },
        ],
        uniques: [new TableUnique({ name: 'uq_notification_digest', columnNames: ['userId', 'day'] })],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'stage_overdue_notice',
        columns: [
          { name: 'projectId', type: 'varchar', length: '36', isPrimary: true },
          { name: 'stage', type: 'varchar', length: '60', isPrimary: true },
          { name: 'targetDate', type: 'varchar', length: '10', isPrimary: true },
          { name: 'noticedAt', type: 'varchar', length: '32' },
        ],
      }),
    );
    // the in-app list so far was the outbox's review requests
    await queryRunner.query(
      `INSERT INTO notification ("id", "userId", "kind", "projectSlug", "message", "link", "delivery", "digestDay", "digestId", "createdAt", "readAt")
       SELECT "id", "userId", "kind", "projectSlug", "summary", NULL, 'immediately', NULL, NULL, "createdAt", "readAt" FROM outbox WHERE "userId" IS NOT NULL`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['stage_overdue_notice', 'notification_digest', 'project_follow', 'notification_preference', 'notification']) await queryRunner.dropTable(table);
  }
}
