import 'reflect-metadata';
import { CanActivate, ExecutionContext, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { parseGatewayConfig } from '@gatehouse/config';
import { makePrincipal } from '@gatehouse/contracts';
import { createLogger } from '@gatehouse/logging';
import { FastifyRequest } from 'fastify';
import { ModelInfoCatalog, ModelInfoEntry, modelInfoCatalogFrom } from '../../config/model-info-catalog';
import { EDGE_LOGGER } from '../../config/tokens';
import { RequestContext } from '@gatehouse/pipeline';
import { OpenAiExceptionFilter } from '../openai-exception.filter';
import { ModelInfoController } from './model-info.controller';

const CONFIG = `
model_list:
  - model_name: gpt-4o
    litellm_params:
      model: openai/gpt-4o
      api_key: sk-live-secret-123
      api_base: https://proxyuser:hunter2@api.example.com/v1
      rpm: 480
    model_info:
      id: gpt4o-east
      mode: chat
      max_tokens: 4096
      input_cost_per_token: 0.0000025
      output_cost_per_token: 0.00001
  - model_name: claude
    litellm_params:
      model: anthropic/claude-3-5-sonnet-20240620
      api_key: os.environ/ANTHROPIC_API_KEY
  - model_name: bedrock-claude
    litellm_params:
      model: bedrock/anthropic.claude-3-sonnet-20240229-v1:0
      aws_access_key_id: AKIAEXAMPLEKEY
      aws_secret_access_key: aws_secret/prod/bedrock#secret_access_key
      aws_region_name: us-west-2
`;
const SECRETS = ['sk-live-secret-123', 'hunter2', 'sk-ant-secret-456', 'AKIAEXAMPLEKEY', 'prod/bedrock'];

const catalog = modelInfoCatalogFrom(
  parseGatewayConfig(CONFIG, 'test.yaml', { ANTHROPIC_API_KEY: 'sk-ant-secret-456' }),
);
const byName = (name: string): ModelInfoEntry => {
  const entry = catalog.describe([]).data.find((e) => e.model_name === name);
  if (!entry) throw new Error(`no entry for ${name}`);
  return entry;
};

describe('modelInfoCatalogFrom', () => {
  it('describes every deployment with its id, provider and prices in dollars per token', () => {
    expect(byName('gpt-4o')).toEqual({
      model_name: 'gpt-4o',
      litellm_params: { model: 'openai/gpt-4o', api_base: 'https://proxyuser:[redacted]@api.example.com/v1', rpm: 480 },
      model_info: {
        id: 'gpt4o-east',
        db_model: false,
        litellm_provider: 'openai',
        mode: 'chat',
        max_tokens: 4096,
        max_input_tokens: null,
        max_output_tokens: 4096,
        input_cost_per_token: 0.0000025,
        output_cost_per_token: 0.00001,
        cache_read_input_token_cost: null,
        cache_creation_input_token_cost: null,
      },
    });
  });

  it('falls back to the built-in list prices when the config names none', () => {
    expect(byName('claude').model_info).toMatchObject({
      litellm_provider: 'anthropic',
      input_cost_per_token: 0.000003,
      output_cost_per_token: 0.000015,
      max_output_tokens: 8192,
    });
  });

  it('never carries a secret, a secret-named key or a credential inside a URL', () => {
    const text = JSON.stringify(catalog.describe([]));
    for (const secret of SECRETS) expect(text).not.toContain(secret);
    expect(byName('bedrock-claude').litellm_params).toEqual({
      model: 'bedrock/anthropic.claude-3-sonnet-20240229-v1:0',
      aws_region_name: 'us-west-2',
    });
    expect(byName('claude').litellm_params).toEqual({ model: 'anthropic/claude-3-5-sonnet-20240620' });
  });
});

type GatedRequest = FastifyRequest & { gatehouse?: RequestContext };

/** Stands in for AuthGuard: the caller may use the models listed in the x-test-models header. */
class TestCaller implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<GatedRequest>();
    const models = String(request.headers['x-test-models'] ?? '');
    const principal = makePrincipal({
      kind: 'virtual_key',
      subject: 'h',
      models: models ? models.split(',') : [],
      keyId: 'k1',
    });
    request.gatehouse = { requestId: request.id, traceparent: '', principal, startedAt: 0 };
    return true;
  }
}

describe('ModelInfoController routes', () => {
  let app: NestFastifyApplication;

  beforeAll(async () => {
    @Module({
      controllers: [ModelInfoController],
      providers: [
        { provide: ModelInfoCatalog, useValue: catalog },
        { provide: EDGE_LOGGER, useValue: createLogger('test', 'silent') },
        { provide: APP_GUARD, useClass: TestCaller },
        { provide: APP_FILTER, useClass: OpenAiExceptionFilter },
      ],
    })
    class ModelInfoOnly {}
    app = await NestFactory.create<NestFastifyApplication>(ModelInfoOnly, new FastifyAdapter(), { logger: false });
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
  });

  afterAll(async () => {
    await app.close();
  });

  const names = (body: string) => (JSON.parse(body) as { data: ModelInfoEntry[] }).data.map((e) => e.model_name);

  it.each(['/model/info', '/v1/model/info'])('GET %s lists every deployment to an unrestricted key', async (url) => {
    const response = await app.inject({ method: 'GET', url });
    expect(response.statusCode).toBe(200);
    expect(names(response.body)).toEqual(['gpt-4o', 'claude', 'bedrock-claude']);
  });

  it('shows a restricted key only its models, and one deployment by litellm_model_id', async () => {
    const headers = { 'x-test-models': 'claude,gpt-4o' };
    const restricted = await app.inject({ method: 'GET', url: '/model/info', headers });
    expect(names(restricted.body)).toEqual(['gpt-4o', 'claude']);
    const one = await app.inject({ method: 'GET', url: '/model/info?litellm_model_id=gpt4o-east', headers });
    expect(names(one.body)).toEqual(['gpt-4o']);
  });

  it('answers 404 in OpenAI shape for an id the caller cannot see', async () => {
    const headers = { 'x-test-models': 'claude' };
    const response = await app.inject({ method: 'GET', url: '/v1/model/info?litellm_model_id=gpt4o-east', headers });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ error: { param: 'litellm_model_id', type: 'invalid_request_error' } });
  });
});
