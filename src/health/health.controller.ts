import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { Public } from '../auth/access.decorators';
import { MigrationsHealthIndicator } from './migrations.indicator';

/** Liveness and readiness probes (by @nestjs/terminus), open to all: they reveal no data. */
@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly migrations: MigrationsHealthIndicator,
  ) {}

  @Get()
  @HealthCheck()
  @ApiOperation({ summary: 'Liveness: the process answers (touches nothing, so a busy database never makes it fail)' })
  @ApiOkResponse({ description: "{ status: 'ok', info: {}, error: {}, details: {} }" })
  live() {
    return this.health.check([]);
  }

  @Get('ready')
  @HealthCheck()
  @ApiOperation({ summary: 'Readiness: the database answers and every migration is applied' })
  @ApiOkResponse({ description: "{ status: 'ok', info: { database, migrations }, error: {}, details }" })
  @ApiServiceUnavailableResponse({ description: "{ status: 'error', error: { database | migrations: { status: 'down', message } } }" })
  ready() {
    return this.health.check([() => this.database.pingCheck('database', { timeout: 3000 }), () => this.migrations.check('migrations')]);
  }
}
