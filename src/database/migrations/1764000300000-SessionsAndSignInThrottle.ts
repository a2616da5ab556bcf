import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';

/**
 * Revoked tokens (sign-out) and sign-in throttling state, in the database so that every instance
 * sees the same: a token signed out on one is refused by all, a guesser cannot spread attempts.
 */
export class SessionsAndSignInThrottle1764000300000 implements MigrationInterface {
  name = 'SessionsAndSignInThrottle1764000300000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'revoked_token',
        columns: [
          { name: 'jti', type: 'varchar', length: '64', isPrimary: true },
          { name: 'userId', type: 'varchar', length: '36' },
          // epoch seconds: once the token has expired anyway, the row can go
          { name: 'expiresAt', type: 'bigint' },
          { name: 'revokedAt', type: 'varchar', length: '32' },
        ],
        indices: [new TableIndex({ name: 'ix_revoked_token_expires', columnNames: ['expiresAt'] })],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'sign_in_throttle',
        columns: [
          // 'pair' (account and address) or 'address' (account is '')
          { name: 'kind', type: 'varchar', length: '10', isPrimary: true },
          { name: 'account', type: 'varchar', length: '254', isPrimary: true },
          { name: 'address', type: 'varchar', length: '64', isPrimary: true },
          { name: 'failures', type: 'integer', default: 0 },
          { name: 'lastFailureAt', type: 'bigint', default: 0 },
          { name: 'blockedUntil', type: 'bigint', default: 0 },
          { name: 'lastSuccessAt', type: 'bigint', isNullable: true },
        ],
        indices: [
          new TableIndex({ name: 'ix_sign_in_throttle_account', columnNames: ['account'] }),
          new TableIndex({ name: 'ix_sign_in_throttle_last_failure', columnNames: ['lastFailureAt'] }),
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('sign_in_throttle');
    await queryRunner.dropTable('revoked_token');
  }
}
