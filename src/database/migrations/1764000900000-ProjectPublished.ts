import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';

/** A programme manager may publish a project: its public pages show its position and decisions. */
export class ProjectPublished1764000900000 implements MigrationInterface {
  name = 'ProjectPublished1764000900000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumn('project', new TableColumn({ name: 'published', type: 'boolean', isNullable: false, default: false }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('project', 'published');
  }
}
