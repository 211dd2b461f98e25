import { ConfigError } from '@gatehouse/config';
import { makePrincipal } from '@gatehouse/contracts';
import { ChatCompletion, ChatRequest } from '@gatehouse/providers-core';
import { ModelCatalog } from '../catalog/model-catalog';
import { Payload } from '../payload';
import { GuardStage } from './guard';
import { guardrailEntry, guardStage, rulePort } from './guard.fixture';

const master = makePrincipal({ kind: 'master' });
const key = (fields: Parameters<typeof makePrincipal>[0] = {}) => makePrincipal({ kind: 'virtual_key', ...fields });
const context = { requestId: 'r', traceparent: '' };
const request = (content: string): ChatRequest => ({ model: 'm', messages: [{ role: 'user', content }] });
const completion = (content: string): Payload<ChatCompletion> =>
  Payload.of({
    id: 'c',
    object: 'chat.completion',
    created: 1,
    model: 'm',
    choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
  });

describe('GuardStage', () => {
  it('plans nothing, and asks nothing, when no guardrail applies', () => {
    const { asked, guardrails } = rulePort();
    const stage = guardStage([guardrailEntry('off', ['pre_call'], { default_on: false })], guardrails);
    expect(stage.planFor(key(), context, 'm', undefined)).toBeUndefined();
    expect(asked).toEqual([]);
  });

  it('runs default_on guardrails in their modes, one with no mode before the call', async () => {
    const { asked, guardrails } = rulePort();
    const stage = guardStage([guardrailEntry('before', undefined), guardrailEntry('after', ['post_call'])], guardrails);
    const plan = stage.planFor(key(), context, 'm', undefined)!;
    expect(await plan.guardRequest(request('hello'))).toEqual(request('hello'));
    await plan.guardAnswer(completion('hi there'));
    expect(asked.map((a) => [a.stage, a.source, a.guardrails, a.texts])).toEqual([
      ['pre_call', 'input', ['before'], ['hello']],
      ['post_call', 'output', ['after'], ['hi there']],
    ]);
    expect(plan.records.map((r) => [r.name, r.stage, r.outcome])).toEqual([
      ['before', 'pre_call', 'passed'],
      ['after', 'post_call', 'passed'],
    ]);
  });

  it('blocks with a 400 naming the guardrail and the stage', async () => {
    const stage = guardStage([guardrailEntry('no-bad', ['pre_call'])], rulePort({ block: 'bad' }).guardrails);
    const plan = stage.planFor(key(), context, 'm', undefined)!;
    await expect(plan.guardRequest(request('a bad idea'))).rejects.toMatchObject({
      kind: 'content_policy',
      status: 400,
      details: { code: 'guardrail_blocked' },
      message: expect.stringContaining("'no-bad' (pre_call)") as string,
    });
    expect(plan.records).toMatchObject([{ name: 'no-bad', outcome: 'blocked', type: 'deny_list' }]);
  });

  it('sends the provider the masked request and the client the masked answer, leaving the originals alone', async () => {
    const stage = guardStage(
      [guardrailEntry('pii', ['pre_call', 'post_call'])],
      rulePort({ mask: 'me@x.io' }).guardrails,
    );
    const plan = stage.planFor(key(), context, 'm', undefined)!;
    const original = request('mail me@x.io');
    expect((await plan.guardRequest(original)).messages[0].content).toBe('mail [M]');
    expect(original.messages[0].content).toBe('mail me@x.io');
    const answer = await plan.guardAnswer(completion('sent to me@x.io'));
    expect(answer.object().choices[0].message.content).toBe('sent to [M]');
  });

  it('puts the guardrails of the model group, the key and the request together, once each', () => {
    const catalog = new ModelCatalog(
      [
        {
          id: 'd',
          modelName: 'm',
          provider: 'openai',
          providerModel: 'gpt-4o',
          guardrails: ['model-g'],
          price: { inputPerMillion: 1, outputPerMillion: 1, maxOutputTokens: 10 },
        },
      ],
      0,
    );
    const entries = ['model-g', 'key-g', 'asked', 'default'].map((name) =>
      guardrailEntry(name, ['pre_call'], { default_on: name === 'default' }),
    );
    const stage = guardStage(entries, rulePort().guardrails, catalog);
    const principal = key({ guardrails: ['key-g', 'model-g'], allowRequestGuardrails: true });
    const plan = stage.planFor(principal, context, 'm', ['asked', 'key-g'])!;
    expect(plan.lists.before).toEqual([{ stage: 'pre_call', names: ['default', 'model-g', 'key-g', 'asked'] }]);
  });

  it('refuses a request naming guardrails its key may not add, or one that is not configured', () => {
    const stage = guardStage([guardrailEntry('extra', ['pre_call'], { default_on: false })], rulePort().guardrails);
    expect(() => stage.planFor(key(), context, 'm', ['extra'])).toThrow(
      expect.objectContaining({ kind: 'permission_denied', details: { param: 'guardrails' } }) as Error,
    );
    expect(() => stage.planFor(master, context, 'm', ['nope'])).toThrow(
      expect.objectContaining({ kind: 'bad_request', details: { param: 'guardrails' } }) as Error,
    );
    expect(stage.planFor(master, context, 'm', ['extra'])).toBeDefined();
    expect(stage.planFor(key({ admin: true }), context, 'm', ['extra'])).toBeDefined();
  });

  it('refuses a call whose key names a guardrail the config no longer has, never skipping it', () => {
    const stage = guardStage([], rulePort().guardrails);
    expect(() => stage.planFor(key({ guardrails: ['gone'] }), context, 'm', undefined)).toThrow(
      expect.objectContaining({ kind: 'unavailable', message: expect.stringContaining("'gone'") as string }) as Error,
    );
  });

  it('asks a during_call guardrail alongside the provider, unless it may mask the request', () => {
    const entries = [guardrailEntry('checks', ['during_call']), guardrailEntry('masks', ['during_call'])];
    const plan = guardStage(entries, rulePort().guardrails, undefined, ['masks']).planFor(
      key(),
      context,
      'm',
      undefined,
    )!;
    expect(plan.lists).toEqual({
      before: [{ stage: 'during_call', names: ['masks'] }],
      alongside: ['checks'],
      post: [],
      during: ['checks', 'masks'],
    });
  });

  it('follows each guardrail’s fail setting when the guardrail service cannot be asked', async () => {
    const down = { check: () => Promise.reject(new Error('14 UNAVAILABLE: connection refused')) };
    const open = guardStage([guardrailEntry('lenient', ['pre_call'], { fail_open: true })], down);
    const openPlan = open.planFor(key(), context, 'm', undefined)!;
    await expect(openPlan.guardRequest(request('hi'))).resolves.toEqual(request('hi'));
    expect(openPlan.records).toMatchObject([{ name: 'lenient', outcome: 'failed_open' }]);

    const closed = guardStage([guardrailEntry('strict', ['pre_call'])], down);
    const closedPlan = closed.planFor(key(), context, 'm', undefined)!;
    await expect(closedPlan.guardRequest(request('hi'))).rejects.toMatchObject({
      kind: 'unavailable',
      status: 503,
      details: { code: 'guardrail_unavailable' },
      message: expect.stringContaining("'strict'") as string,
    });
    expect(closedPlan.records).toMatchObject([{ name: 'strict', outcome: 'failed_closed' }]);
  });

  it('stops start-up on a model naming a guardrail the config does not define', () => {
    const deployment = { params: { guardrails: ['ghost'] } } as never;
    const build = () =>
      GuardStage.fromConfig(
        { guardrails: [], deployments: [deployment], source: 'c' },
        rulePort().guardrails,
        new ModelCatalog([], 0),
        () => false,
      );
    expect(build).toThrow(ConfigError);
    expect(build).toThrow(/model_list\[0\]\.litellm_params\.guardrails\[0\]: "ghost"/);
  });
});
