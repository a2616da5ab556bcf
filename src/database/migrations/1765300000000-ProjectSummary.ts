import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';

export const FILTER_COLUMNS = [
  'status',
  'lateFrom',
  'baselineLateFrom',
  'dueFrom',
  'reviewSince',
  'changesRequested',
  'lastActivityOn',
  'currentSince',
  'nextTarget',
  'createdAt',
  'slug',
  'name',
  'districts',
  'currentStages',
  'projectId',
];

/**
 * The portfolio's summary row per project (issue 9). Rows are written by every command; rows of
 * projects older than this table are built from their history when the service starts.
 */
export class ProjectSummary1765300000000 implements MigrationInterface {
  name = 'ProjectSummary1765300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const date = (name: string) => ({ name, type: 'varchar', length: '10', isNullable: true });
    await queryRunner.createTable(
      new Table({
        name: 'project_summary',
        columns: [
          { name: 'projectId', type: 'varchar', length: '36', isPrimary: true },
          { name: 'slug', type: 'varchar', length: '80' },
          { name: 'name', type: 'varchar', length: '200' },
          { name: 'managerUserId', type: 'varchar', length: '36', isNullable: true },
          { name: 'districts', type: 'text' },
          { name: 'status', type: 'varchar', length: '20' },
          { name: 'createdAt', type: 'varchar', length: '32' },
          { name: 'version', type: 'integer' },
          date('lateFrom'),
          date('baselineLateFrom'),
          date('dueFrom'),
          date('reviewSince'),
          { name: 'changesRequested', type: 'integer' },
          date('lastActivityOn'),
          { name: 'currentStages', type: 'varchar', length: '400' },
          date('currentSince'),
          date('nextTarget'),
          // the JSON last: a long row spills into overflow pages, and the filters read only the columns above
          { name: 'stages', type: 'text' },
          { name: 'blockers', type: 'text' },
          { name: 'reviewRounds', type: 'text' },
          { name: 'facts', type: 'text' },
        ],
        foreignKeys: [{ columnNames: ['projectId'], referencedTableName: 'project', referencedColumnNames: ['id'] }],
      }),
    );
    await queryRunner.createIndex('project_summary', new TableIndex({ name: 'ix_project_summary_order', columnNames: ['createdAt', 'slug'] }));
    await queryRunner.createIndex('project_summary', new TableIndex({ name: 'ix_project_summary_manager', columnNames: ['managerUserId'] }));
    // every column the portfolio filters and sorts on, so that counting and ordering a page read this
    // narrow index rather than the rows with their JSON (a row is a few kilobytes)
    await queryRunner.createIndex('project_summary', new TableIndex({ name: 'ix_project_summary_filters', columnNames: FILTER_COLUMNS }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('project_summary');
  }
}
