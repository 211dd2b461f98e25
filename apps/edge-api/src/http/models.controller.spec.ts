import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { ModelCatalog, RoutedDeployment } from '@gatehouse/pipeline';
import { ModelsService } from '../services/models.service';
import { ModelsController } from './models.controller';

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
      providers: [ModelsService, { provide: ModelCatalog, useValue: catalog }],
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
});
