import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';

/** Tokens carry the account's credentials version; a password change bumps it and so revokes them. */
export class CredentialsVersion1763850007000 implements MigrationInterface {
  name = 'CredentialsVersion1763850007000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumn('app_user', new TableColumn({ name: 'credentialsVersion', type: 'integer', isNullable: false, default: 1 }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('app_user', 'credentialsVersion');
  }
}
