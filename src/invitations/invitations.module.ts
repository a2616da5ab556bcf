import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PeopleModule } from '../people/people.module';
import { InvitationEntity, PasswordResetEntity } from './account-token.entities';
import { InvitationsController } from './invitations.controller';
import { InvitationsService } from './invitations.service';
import { PasswordResetService } from './password-reset.service';

/** Invitations and password reset by email: the two account flows that rest on the outbox. */
@Module({
  imports: [TypeOrmModule.forFeature([InvitationEntity, PasswordResetEntity]), PeopleModule],
  controllers: [InvitationsController],
  providers: [InvitationsService, PasswordResetService],
  exports: [InvitationsService, PasswordResetService],
})
export class InvitationsModule {}
