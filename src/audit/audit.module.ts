import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditLogEntryEntity, AuditLogHeadEntity } from './audit-log.entity';
import { AuditLogService } from './audit-log.service';
import { AuditController } from './audit.controller';

/** The account audit log (see docs/accountability.md). */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature([AuditLogEntryEntity, AuditLogHeadEntity])],
  controllers: [AuditController],
  providers: [AuditLogService],
  exports: [AuditLogService],
})
export class AuditModule {}
