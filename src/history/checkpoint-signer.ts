import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { HistoryCheckpointEntity } from './history-checkpoint.entity';
import { loadSigningKey, SigningKey } from './signing-key';

/** Signs the history head after each stage decision, inside the decision's own transaction. */
@Injectable()
export class CheckpointSigner {
  readonly key: SigningKey;

  constructor(config: AppConfig) {
    // a PostgreSQL service in development keeps its generated key in the default data folder too
    this.key = loadSigningKey(config.HISTORY_SIGNING_KEY, config.DATABASE_PATH);
  }

  async sign(manager: EntityManager, projectId: string, sequence: number, headHash: string, at: string): Promise<HistoryCheckpointEntity> {
    const checkpoint = { projectId, sequence, headHash, at };
    const row = manager.create(HistoryCheckpointEntity, { ...checkpoint, signature: this.key.sign(checkpoint), keyId: this.key.keyId });
    await manager.insert(HistoryCheckpointEntity, row);
    return row;
  }
}
