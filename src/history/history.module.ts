import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AsOfInterceptor, AsOfReads } from './as-of';
import { CheckpointSigner } from './checkpoint-signer';
import { HistoryCheckpointEntity } from './history-checkpoint.entity';
import { HistoryController, HistoryKeyController } from './history.controller';
import { HistoryService } from './history.service';

/** Verifiable history: checkpoints, their signing key, verification (see docs/accountability.md). */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature([HistoryCheckpointEntity])],
  controllers: [HistoryController, HistoryKeyController],
  providers: [CheckpointSigner, HistoryService, AsOfReads, AsOfInterceptor],
  exports: [CheckpointSigner, HistoryService, AsOfReads, AsOfInterceptor],
})
export class HistoryModule {}
