import { DynamicModule, Module } from '@nestjs/common';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { BoardModule } from './board/board.module';
import { ClockModule } from './common/clock';
import { CollaborationModule } from './collaboration/collaboration.module';
import { ConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { DemoModule } from './demo/demo.module';
import { DevelopmentOfOptionsModule } from './development-of-options/development-of-options.module';
import { FilesModule } from './files/files.module';
import { FrameworkModule } from './framework/framework.module';
import { HealthModule } from './health/health.module';
import { LoggingModule } from './logging/logging.module';
import { HistoryModule } from './history/history.module';
import { InvitationsModule } from './invitations/invitations.module';
import { MailModule } from './mail/mail.module';
import { NotificationsModule } from './notifications/notifications.module';
import { OutboxModule } from './outbox/outbox.module';
import { PeopleModule } from './people/people.module';
import { ProjectsModule } from './projects/projects.module';
import { PublicationModule } from './publication/publication.module';
import { RegistersModule } from './registers/registers.module';
import { WebModule } from './web/web.module';

@Module({})
export class AppModule {
  /** `overrides` replace environment variables, so tests and benchmarks can use scratch databases. */
  static forRoot(overrides: Record<string, string | undefined> = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(overrides),
        LoggingModule,
        DatabaseModule,
        ClockModule,
        HistoryModule,
        AuditModule,
        MailModule,
        OutboxModule,
        AuthModule,
        FrameworkModule,
        HealthModule,
        ProjectsModule,
        PeopleModule,
        RegistersModule,
        DevelopmentOfOptionsModule,
        BoardModule,
        FilesModule,
        CollaborationModule,
        PublicationModule,
        DemoModule,
        InvitationsModule,
        NotificationsModule,
        WebModule,
      ],
    };
  }
}
