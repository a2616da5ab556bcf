import { Module } from '@nestjs/common';
import { ProjectsModule } from '../projects/projects.module';
import { DemoDataService } from './demo-data.service';

@Module({ imports: [ProjectsModule], providers: [DemoDataService] })
export class DemoModule {}
