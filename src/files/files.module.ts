import { dirname, join, resolve } from 'node:path';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '../config/app-config';
import { ProjectsModule } from '../projects/projects.module';
import { AttachmentEntity } from './attachment.entity';
import { AttachmentsRepository } from './attachments.repository';
import { DiskFileStorage } from './disk-file-storage';
import { EvidenceFilesService } from './evidence-files.service';
import { FileStorage } from './file-storage';
import { FilesController } from './files.controller';

/** The folder evidence files are kept in: `files/` beside the SQLite database (like `mail/`). */
export function filesFolder(config: AppConfig): string {
  const base = config.DATABASE_TYPE === 'better-sqlite3' && config.DATABASE_PATH !== ':memory:' ? dirname(config.DATABASE_PATH) : './data';
  return join(resolve(base), 'files');
}

/**
 * Evidence files. FileStorage is chosen here (the disk store today); the features depend on the
 * abstract class only, so an S3-compatible store is one more provider, not a change to them.
 */
@Module({
  imports: [TypeOrmModule.forFeature([AttachmentEntity]), ProjectsModule],
  controllers: [FilesController],
  providers: [{ provide: FileStorage, inject: [AppConfig], useFactory: (config: AppConfig) => new DiskFileStorage(filesFolder(config)) }, AttachmentsRepository, EvidenceFilesService],
  exports: [EvidenceFilesService, FileStorage],
})
export class FilesModule {}
