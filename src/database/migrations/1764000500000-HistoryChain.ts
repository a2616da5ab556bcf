import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';
import { canonicalJson, entryHash, GENESIS_HASH } from '../../../workflows/history-chain';

/**
 * Verifiable history: every entry stores the hash that chains it to the one before, and the
 * project row keeps the head (last sequence and hash), so appending needs no MAX(sequence).
 * Existing entries are hashed here, project by project, in sequence order, and their JSON
 * columns rewritten as canonical JSON (the same values), as new entries are stored.
 */
export class HistoryChain1764000500000 implements MigrationInterface {
  name = 'HistoryChain1764000500000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumn('history_entry', new TableColumn({ name: 'hash', type: 'varchar', length: '64', isNullable: true }));
    await queryRunner.addColumn('project', new TableColumn({ name: 'headSequence', type: 'integer', isNullable: false, default: 0 }));
    await queryRunner.addColumn('project', new TableColumn({ name: 'headHash', type: 'varchar', length: '64', isNullable: true }));

    const pg = queryRunner.connection.options.type === 'postgres';
    const p = (n: number) => (pg ? `$${n}` : '?');
    const projects: Array<{ id: string }> = await queryRunner.query('SELECT "id" FROM "project" ORDER BY "id"');
    for (const { id } of projects) {
      let previous = GENESIS_HASH;
      let last = 0;
      for (;;) {
        const rows: Array<Record<string, unknown>> = await queryRunner.query(
          'SELECT "id", "projectId", "sequence", "occurredAt", "type", "stage", "payload", "outcome", "blockers", "resultingState", "actorId", "actorName"' +
            ` FROM "history_entry" WHERE "projectId" = ${p(1)} AND "sequence" > ${p(2)} ORDER BY "sequence" LIMIT 2000`,
          [id, last],
        );
        if (rows.length === 0) break;
        for (const row of rows) {
          const payload = parse(row.payload);
          const blockers = parse(row.blockers);
          const resultingState = parse(row.resultingState);
          const hash = entryHash(previous, {
            projectId: row.projectId as string,
            sequence: Number(row.sequence),
            occurredAt: row.occurredAt as string,
            type: row.type as string,
            stage: (row.stage as string | null) ?? null,
            payload,
            outcome: row.outcome as string,
            blockers,
            resultingState,
            actorId: (row.actorId as string | null) ?? null,
            actorName: (row.actorName as string | null) ?? null,
          });
          await queryRunner.query(
            `UPDATE "history_entry" SET "hash" = ${p(1)}, "payload" = ${p(2)}, "blockers" = ${p(3)}, "resultingState" = ${p(4)} WHERE "id" = ${p(5)}`,
            [hash, canonicalJson(payload), blockers === null ? null : canonicalJson(blockers), canonicalJson(resultingState), row.id],
          );
          previous = hash;
          last = Number(row.sequence);
        }
      }
      await queryRunner.query(`UPDATE "project" SET "headSequence" = ${p(1)}, "headHash" = ${p(2)} WHERE "id" = ${p(3)}`, [last, last ? previous : null, id]);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('project', 'headHash');
    await queryRunner.dropColumn('project', 'headSequence');
    await queryRunner.dropColumn('history_entry', 'hash');
  }
}

function parse(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  return typeof value === 'string' ? JSON.parse(value) : value;
}
