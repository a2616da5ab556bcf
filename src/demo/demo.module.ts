import { Module } from '@nestjs/common';
import { ProjectsModule } from '../projects/projects.module';
import { RegistersModule } from '../registers/registers.module';
import { DemoDataService } from './demo-data.service';

@Module({ imports: [ProjectsModule, RegistersModule], providers: [DemoDataService] })
export class DemoModule {}
