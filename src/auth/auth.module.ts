import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccessGuard } from './access.guard';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { AuthenticationGuard } from './authentication.guard';
import { ProjectAccessService } from './project-access.service';
import { SessionsService } from './sessions.service';
import { SignInStateRepository } from './sign-in-state.repository';
import { UserEntity } from './user.entity';
import { UsersController } from './users.controller';
import { UsersService } from './users.service';

/** Accounts, sign-in and the two global guards (in this order: who you are, then what you may do). */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature([UserEntity])],
  controllers: [AuthController, UsersController],
  providers: [
    UsersService,
    AuthService,
    SessionsService,
    SignInStateRepository,
    ProjectAccessService,
    { provide: APP_GUARD, useClass: AuthenticationGuard },
    { provide: APP_GUARD, useClass: AccessGuard },
  ],
  exports: [UsersService, ProjectAccessService, SessionsService, AuthService],
})
export class AuthModule {}
