import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '../auth/access.decorators';
import { FRAMEWORK_VERSION, OXFORDSHIRE_PCNS_2019, STAGES } from '../../workflows';

@ApiTags('framework')
@Public()
@Controller()
export class FrameworkController {
  @Get('framework')
  @ApiOperation({ summary: 'The six-stage population health and care needs framework, with each stage\'s deliverables' })
  framework() {
    return {
      version: FRAMEWORK_VERSION,
      stages: STAGES.map(({ key, order, title, summary, deliverables }) => ({
        key,
        order,
        title,
        summary,
        deliverables: deliverables.map(({ key, title, mandatory }) => ({ key, title, mandatory })),
      })),
    };
  }

  @Get('pcns')
  @ApiOperation({ summary: 'Oxfordshire primary care networks, June 2019' })
  @ApiOkResponse({ description: '{ items: [{ code, name, practices, registeredPopulation, districts }], total }' })
  pcns() {
    return { items: OXFORDSHIRE_PCNS_2019, total: OXFORDSHIRE_PCNS_2019.length };
  }
}
