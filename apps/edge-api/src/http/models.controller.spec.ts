import 'reflect-metadata';
import { CanActivate, ExecutionContext, Injectable, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, NestFactory } from '@nestjs/core';
import { makePrincipal } from '@gatehouse/contracts';
import { createLogger } from '@gatehouse/logging';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { ModelCatalog, RoutedDeployment } from '@gatehouse/pipeline';
import { ModelsService } from '../services/models.service';
import { EDGE_LOGGER } from '../config/tokens';
import { ModelsController } from './models.controller';
import { OpenAiExceptionFilter } from './openai-exception.filter';

/** Stands in for AuthGuard: the caller's allowed models come from a test header. */
@Injectable()
class CallerFromHeader implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<{ headers: Record<string, string>; gatehouse?: unknown }>();
    const models = request.headers['x-test-models']?.split(',') ?? [];
    request.gatehouse = { requestId: 'r', traceparent: '', principal: makePrincipal({ models }), startedAt: 0 };
    return true;
  }
}

describe('ModelsController routes', () => {
  let app: NestFastifyApplication;

  beforeAll(async () => {
    const price = { inputPerMillion: 0, outputPerMillion: 0, maxOutputTokens: 0 };
    const deployment = (modelName: string): RoutedDeployment => ({
      id: modelName,
      modelName,
      provider: 'openai',
      providerModel: modelName,
      weight: 1,
      price,
    });
    const catalog = new ModelCatalog([deployment('gpt-4o-mini'), deployment('openai/gpt-4o')], 1);
    @Module({
      controllers: [ModelsController],
      providers: [
        ModelsService,
        { provide: ModelCatalog, useValue: catalog },
        { provide: APP_GUARD, useClass: CallerFromHeader },
        { provide: APP_FILTER, useClass: OpenAiExceptionFilter },
        { provide: EDGE_LOGGER, useValue: createLogger('models-test', 'silent') },
      ],
    })
    class ModelsOnly {}
    app = await NestFactory.create<NestFastifyApplication>(ModelsOnly, new FastifyAdapter(), { logger: false });
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
  });

  afterAll(async () => {
    await app.close();
  });

  it.each([
    ['/v1/models/gpt-4o-mini', 'gpt-4o-mini'],
    ['/v1/models/openai/gpt-4o', 'openai/gpt-4o'],
    ['/v1/models/openai%2Fgpt-4o', 'openai/gpt-4o'],
    ['/models/openai/gpt-4o', 'openai/gpt-4o'],
  ])('GET %s describes %s', async (url, id) => {
    const response = await app.inject({ method: 'GET', url });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ id, object: 'model' });
  });

  it('still lists the models', async () => {
    const response = await app.inject({ method: 'GET', url: '/v1/models' });
    expect(response.json<{ data: { id: string }[] }>().data.map((m) => m.id)).toEqual(['gpt-4o-mini', 'openai/gpt-4o']);
  });

  it('shows a key only the models it may call, and hides the others as unknown', async () => {
    const headers = { 'x-test-models': 'gpt-4o-mini' };
    const listed = await app.inject({ method: 'GET', url: '/v1/models', headers });
    expect(listed.json<{ data: { id: string }[] }>().data.map((m) => m.id)).toEqual(['gpt-4o-mini']);
    const hidden = await app.inject({ method: 'GET', url: '/v1/models/openai/gpt-4o', headers });
    expect(hidden.statusCode).toBe(404);
    expect(hidden.json()).toMatchObject({ error: { code: 'model_not_found' } });
  });
});
