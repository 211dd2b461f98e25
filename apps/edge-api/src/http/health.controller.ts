import { Controller, Get, HttpException, HttpStatus } from '@nestjs/common';
import { readiness } from '@gatehouse/runtime';
import { Public } from './auth.guard';

@Controller('health')
export class HealthController {
  @Public()
  @Get('live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** Ready once the process has announced it serves (every dependency it waits for at start is up). */
  @Public()
  @Get('ready')
  ready(): { status: 'ready' } {
    if (!readiness.ready) throw new HttpException({ status: 'starting' }, HttpStatus.SERVICE_UNAVAILABLE);
    return { status: 'ready' };
  }
}
