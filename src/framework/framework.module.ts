import { Module } from '@nestjs/common';
import { FrameworkController } from './framework.controller';

@Module({ controllers: [FrameworkController] })
export class FrameworkModule {}
