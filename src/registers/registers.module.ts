import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ProjectsModule } from '../projects/projects.module';
import { RegisterGateFacts } from './register-gate-facts';
import { RegisterRecordEntity } from './register-record.entity';
import { RegisterSettingEntity } from './register-setting.entity';
import { RegistersController } from './registers.controller';
import { RegistersRepository } from './registers.repository';
import { RegistersService } from './registers.service';

/** The evidence registers of stages 2-5, their CSV import/export, traceability and gate facts. */
@Module({
  imports: [TypeOrmModule.forFeature([RegisterRecordEntity, RegisterSettingEntity]), ProjectsModule],
  controllers: [RegistersController],
  providers: [RegistersService, RegistersRepository, RegisterGateFacts],
  exports: [RegistersService, RegistersRepository],
})
export class RegistersModule {}
