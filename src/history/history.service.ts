import { Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { FileStorage } from '../files/file-storage';
import { NotFoundError } from '../common/domain-errors';
import { TransactionRunner } from '../database/transaction-runner';
import { ProjectEntity } from '../projects/project.entity';
import { CheckpointSigner } from './checkpoint-signer';
import { Readable } from 'node:stream';
import { DecisionRecord, decisionRecords } from './decisions';
import { HistoryPage, historyCsv, historyPage } from './history-list';
import { HistoryFilter } from './history-query.dto';
import { HistoryVerification, verifyProjectHistory } from './history-verification';

@Injectable()
export class HistoryService {
  constructor(
    private readonly transactions: TransactionRunner,
    private readonly signer: CheckpointSigner,
    private readonly modules: ModuleRef,
  ) {}

  /** The evidence files' store (FilesModule's; looked up lazily, as the history module is global and imported first). */
  private files(): FileStorage | null {
    try {
      return this.modules.get(FileStorage, { strict: false });
    } catch {
      return null;
    }
  }

  async verify(slug: string): Promise<HistoryVerification> {
    return this.transactions.read(async (manager) => {
      const project = await manager.findOne(ProjectEntity, { where: { slug } });
      if (!project) throw new NotFoundError('Project', slug);
      return verifyProjectHistory(manager, project, this.signer.key.publicKey, this.files());
    });
  }

  page(slug: string, query: HistoryFilter & { limit: number; offset: number; after?: number }): Promise<HistoryPage> {
    return historyPage(this.transactions, slug, query);
  }

  csv(slug: string, filter: HistoryFilter): Promise<Readable> {
    return historyCsv(this.transactions, slug, filter);
  }

  decisions(slug: string): Promise<DecisionRecord[]> {
    return decisionRecords(this.transactions, slug);
  }

  publicKey() {
    return { algorithm: 'Ed25519', keyId: this.signer.key.keyId, publicKey: this.signer.key.publicKeyPem };
  }
}
