import { Module } from '@nestjs/common';
import { ProjectsModule } from '../projects/projects.module';
import { PublicationController } from './publication.controller';
import { PublicationService } from './publication.service';

/** Publishing projects (PUT /api/projects/:slug/publication) and the public pages' reads. */
@Module({
  imports: [ProjectsModule],
  controllers: [PublicationController],
  providers: [PublicationService],
  exports: [PublicationService],
})
export class PublicationModule {}
