import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';

/** A registered population the programme team records, for places outside the PCN list. */
export class RecordedRegisteredPopulation1763850005000 implements MigrationInterface {
  name = 'RecordedRegisteredPopulation1763850005000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumn('project', new TableColumn({ name: 'recordedRegisteredPopulation', type: 'integer', isNullable: true }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('project', 'recordedRegisteredPopulation');
  }
}
