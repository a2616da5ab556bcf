import { CollaborationModule } from '../collaboration/collaboration.module';
import { Module } from '@nestjs/common';
import { BoardModule } from '../board/board.module';
import { PeopleModule } from '../people/people.module';
import { ProjectsModule } from '../projects/projects.module';
import { RegistersModule } from '../registers/registers.module';
import { DemoPeople } from './demo-people';
import { DemoDataService } from './demo-data.service';

@Module({ imports: [ProjectsModule, PeopleModule, RegistersModule, BoardModule, CollaborationModule], providers: [DemoDataService, DemoPeople] })
export class DemoModule {}
