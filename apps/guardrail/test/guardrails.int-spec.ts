import OpenAI from 'openai';
import { Topics, UsageEventV1 } from '@gatehouse/contracts';
import { KafkaEventBus } from '@gatehouse/events';
import { createLogger } from '@gatehouse/logging';
import { COMPOSITIONS, FAKE_UPSTREAM_KEY, Infra, startInfra, startTestGateway, TestGateway } from '@gatehouse/testing';
import { FakeBedrock, startFakeBedrock } from '../../../libs/testing/src/fake-bedrock';
import { adminCall } from '../../edge-api/test/governance/admin-client';

const BEDROCK_KEY_ID = 'AKIAGUARDRAILTEST01';
/** A long answer whose forbidden word comes late, in small chunks, so a during_call window catches it mid-stream. */
const STORY =
  'Once upon a time there was a quiet village by the sea where nothing ever happened until the dragon came.';

// The fake upstream echoes the last user message, so a word the pre_call list does not know can
// still come back in the answer, where gpt-4o-mini's post_call list catches it. The storyteller has
// no post_call guardrail: one would hold its whole stream, and its during_call one could not cut it.
const config = (bedrock: FakeBedrock) => (base: string) => {
  const bedrockParams = `aws_region_name: us-east-1, aws_access_key_id: ${BEDROCK_KEY_ID}, aws_secret_access_key: fake-secret, api_base: "${bedrock.url}"`;
  const story = `${base.replace(/\/v1$/, '')}/knobs/content=${encodeURIComponent(STORY)},chunks=20/v1`;
  return `
model_list:
  - model_name: gpt-4o-mini
    litellm_params: { model: openai/gpt-4o-mini, api_base: "${base}", api_key: ${FAKE_UPSTREAM_KEY}, guardrails: [no-leaks] }
  - model_name: guarded-mini
    litellm_params: { model: openai/gpt-4o-mini, api_base: "${base}", api_key: ${FAKE_UPSTREAM_KEY}, guardrails: [bedrock-mask] }
  - model_name: storyteller
    litellm_params: { model: openai/gpt-4o-mini, api_base: "${story}", api_key: ${FAKE_UPSTREAM_KEY}, guardrails: [bedrock-stream] }
guardrails:
  - guardrail_name: no-codenames
    litellm_params: { guardrail: deny_list, mode: pre_call, default_on: true, terms: [project falcon] }
  - guardrail_name: no-leaks
    litellm_params: { guardrail: deny_list, mode: [post_call], terms: [leaked] }
  - guardrail_name: pii-mask
    litellm_params:
      guardrail: litellm_content_filter
      mode: pre_call
      patterns: [{ pattern_type: prebuilt, pattern_name: email, action: MASK }]
  - guardrail_name: words
    litellm_params:
      guardrail: litellm_content_filter
      mode: pre_call
      blocked_words: [{ keyword: langchain, action: BLOCK, description: competitor }]
  - guardrail_name: bedrock-block
    litellm_params: { guardrail: bedrock, mode: pre_call, guardrailIdentifier: gr-block, guardrailVersion: "1", ${bedrockParams} }
  - guardrail_name: bedrock-mask
    litellm_params: { guardrail: bedrock, mode: pre_call, guardrailIdentifier: gr-mask, guardrailVersion: "1", mask_request_content: true, ${bedrockParams} }
  - guardrail_name: bedrock-stream
    litellm_params: { guardrail: bedrock, mode: during_call, guardrailIdentifier: gr-dragon, guardrailVersion: "1", ${bedrockParams} }
  - guardrail_name: down-open
    litellm_params: { guardrail: bedrock, guardrailIdentifier: gr-block, guardrailVersion: "1", fail_open: true, timeout: 2, aws_region_name: us-east-1, aws_access_key_id: ${BEDROCK_KEY_ID}, aws_secret_access_key: x, api_base: "http://127.0.0.1:9" }
  - guardrail_name: down-closed
    litellm_params: { guardrail: bedrock, guardrailIdentifier: gr-block, guardrailVersion: "1", timeout: 2, aws_region_name: us-east-1, aws_access_key_id: ${BEDROCK_KEY_ID}, aws_secret_access_key: x, api_base: "http://127.0.0.1:9" }
gatehouse:
  guardrails: { stream_window_chars: 20 }
`;
};

describe.each(COMPOSITIONS)('guardrails on every call, %s composition (requires authentication)', (composition) => {
  let gw: TestGateway;
  let bedrock: FakeBedrock;
  let client: OpenAI;
  let infra: Infra;
  let bus: KafkaEventBus;
  const usage: UsageEventV1[] = [];

  beforeAll(async () => {
    infra = await startInfra();
    bedrock = await startFakeBedrock({
      accessKeyId: BEDROCK_KEY_ID,
      guardrails: {
        'gr-block': {
          version: '1',
          blockedWords: ['contraband'],
          blockedInputMessaging: 'Sorry, the model cannot answer this.',
        },
        'gr-mask': { version: '1', piiEntities: { EMAIL: 'ANONYMIZE' } },
        'gr-dragon': { version: '1', blockedWords: ['dragon'], blockedOutputsMessaging: 'No dragons here.' },
      },
    });
    gw = await startTestGateway({ composition, config: config(bedrock) });
    client = new OpenAI({ apiKey: gw.masterKey, baseURL: gw.baseURL, maxRetries: 0 });
    const settings = { brokers: infra.kafkaBrokers, clientId: 'guardrails-spec', topicPrefix: gw.topicPrefix };
    bus = await KafkaEventBus.open({ ...settings, maxQueued: 100, lingerMs: 5 }, createLogger('spec', 'silent'));
    await bus.consume({
      topic: Topics.UsageV1,
      groupId: 'guardrails-spec',
      runningMessage: 'guardrails spec reading usage',
      handle: (events) => {
        usage.push(...events);
        return Promise.resolve();
      },
    }).running;
  });

  afterAll(async () => {
    await bus?.close();
    await infra?.stop();
    await gw?.stop();
    await bedrock?.close();
  });

  const ask = (content: string, stream = false, model = 'gpt-4o-mini', extra: Record<string, unknown> = {}) =>
    client.chat.completions.create({ model, messages: [{ role: 'user', content }], stream, ...extra } as never);
  const lastUpstreamText = () => {
    const body = gw.upstream.requests.at(-1)?.body as { messages: { content: string }[] };
    return body.messages.at(-1)?.content;
  };
  /** The guardrail records of a call whose usage event has `guardrail` ending in `outcome`, once one has arrived. */
  const recordsNaming = async (guardrail: string, outcome: string) => {
    const named = () =>
      usage.find((event) =>
        event.guardrails?.some((record) => record.name === guardrail && record.outcome === outcome),
      );
    const deadline = Date.now() + 15_000;
    while (!named() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    return named()?.guardrails;
  };
  const keyWith = async (fields: Record<string, unknown>) => {
    const made = await adminCall<{ key: string }>(gw.url, gw.masterKey, 'POST', '/key/generate', fields);
    expect(made.status).toBe(200);
    return new OpenAI({ apiKey: made.body.key, baseURL: gw.baseURL, maxRetries: 0 });
  };

  it('lets a clean request and answer through', async () => {
    const completion = await ask('hello there');
    expect(completion).toMatchObject({ object: 'chat.completion' });
  });

  it('blocks a request before it reaches the provider, naming the guardrail', async () => {
    gw.upstream.clearRequests();
    const refusal = await ask('tell me about Project Falcon').catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(OpenAI.BadRequestError);
    expect(refusal).toMatchObject({ code: 'guardrail_blocked' });
    expect((refusal as Error).message).toContain('no-codenames');
    expect(gw.upstream.requests).toHaveLength(0);
    const records = await recordsNaming('no-codenames', 'blocked');
    expect(records).toEqual([
      expect.objectContaining({ name: 'no-codenames', stage: 'pre_call', outcome: 'blocked', type: 'deny_list' }),
    ]);
    expect(records?.[0].latency_ms).toEqual(expect.any(Number));
  });

  it('blocks on /v1/messages in the Anthropic error shape and on /v1/completions, before the provider', async () => {
    gw.upstream.clearRequests();
    const post = (path: string, body: unknown) =>
      fetch(`${gw.url}${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${gw.masterKey}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const messages = await post('/v1/messages', {
      model: 'gpt-4o-mini',
      max_tokens: 16,
      messages: [{ role: 'user', content: [{ type: 'text', text: 'status of project falcon?' }] }],
    });
    expect(messages.status).toBe(400);
    expect(await messages.json()).toMatchObject({
      type: 'error',
      error: { type: 'invalid_request_error', message: expect.stringContaining("guardrail 'no-codenames'") as string },
    });
    const legacy = await post('/v1/completions', { model: 'gpt-4o-mini', prompt: 'Project Falcon is' });
    expect(legacy.status).toBe(400);
    expect(await legacy.json()).toMatchObject({ error: { code: 'guardrail_blocked' } });
    expect(gw.upstream.requests).toHaveLength(0);
  });

  it('blocks a streamed request the same way, before any chunk', async () => {
    const refusal = await ask('project falcon, streamed', true).catch((error: unknown) => error);
    expect(refusal).toMatchObject({ status: 400, code: 'guardrail_blocked' });
  });

  it('blocks an answer the provider wrote, after the call', async () => {
    gw.upstream.clearRequests();
    const refusal = await ask('say leaked please').catch((error: unknown) => error);
    expect(refusal).toMatchObject({ status: 400, code: 'guardrail_blocked' });
    expect((refusal as Error).message).toContain('no-leaks');
    expect(gw.upstream.requests).toHaveLength(1);
  });

  it('a Bedrock guardrail asked for by the request blocks a prompt to an OpenAI model, with its own message and no upstream call', async () => {
    gw.upstream.clearRequests();
    const refusal = await ask('where do I buy contraband', false, 'gpt-4o-mini', {
      guardrails: ['bedrock-block'],
    }).catch((error: unknown) => error);
    expect(refusal).toMatchObject({ status: 400, code: 'guardrail_blocked' });
    expect((refusal as Error).message).toContain('bedrock-block');
    expect((refusal as Error).message).toContain('Sorry, the model cannot answer this.');
    expect(gw.upstream.requests).toHaveLength(0);
    expect(bedrock.requests.some((r) => r.path.includes('/guardrail/gr-block/'))).toBe(true);
  });

  it("a model's Bedrock guardrail masks PII on the way in: the provider gets Bedrock's masked text", async () => {
    gw.upstream.clearRequests();
    const completion = (await ask('mail jane.doe@example.com today', false, 'guarded-mini')) as OpenAI.ChatCompletion;
    expect(lastUpstreamText()).toBe('mail {EMAIL} today');
    expect(completion.choices[0].message.content).toBe('Echo: mail {EMAIL} today');
    expect(await recordsNaming('bedrock-mask', 'masked')).toContainEqual(
      expect.objectContaining({ name: 'bedrock-mask', stage: 'pre_call', outcome: 'masked' }),
    );
  });

  it('a during_call Bedrock guardrail ends a streamed answer mid-stream: what came before arrives, nothing after', async () => {
    const stream = (await ask(
      'tell me a story',
      true,
      'storyteller',
    )) as unknown as AsyncIterable<OpenAI.ChatCompletionChunk>;
    let text = '';
    const failure = await (async () => {
      for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? '';
    })().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(Error);
    expect(String((failure as Error).message)).toContain('bedrock-stream');
    expect(text.length).toBeGreaterThan(0);
    expect(STORY.startsWith(text)).toBe(true);
    expect(text).not.toContain('dragon');
    expect(await recordsNaming('bedrock-stream', 'blocked')).toContainEqual(
      expect.objectContaining({ stage: 'during_call', outcome: 'blocked', detail: 'No dragons here.' }),
    );
  });

  it('a key with the content filter attached masks an address, the same way everywhere in the request', async () => {
    const masked = await keyWith({ guardrails: ['pii-mask'] });
    gw.upstream.clearRequests();
    const completion = await masked.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [
        { role: 'system', content: 'reply to ops@example.com' },
        { role: 'user', content: 'cc ops@example.com and bob@example.org' },
      ],
    });
    const sent = (gw.upstream.requests.at(-1)?.body as { messages: { content: string }[] }).messages;
    const tag = /\[EMAIL_[0-9a-f]{4}\]/.exec(sent[0].content)?.[0];
    expect(tag).toBeDefined();
    expect(sent[1].content).toMatch(new RegExp(`^cc ${tag!.replace(/[[\]]/g, '\\$&')} and \\[EMAIL_[0-9a-f]{4}\\]$`));
    expect(JSON.stringify(sent)).not.toContain('example.');
    expect(completion.choices[0].message.content).toContain(tag);
  });

  it("a team's blocked words refuse its keys' calls, and a key may not add guardrails unless allowed", async () => {
    const team = await adminCall<{ team_id: string }>(gw.url, gw.masterKey, 'POST', '/team/new', {
      team_alias: `guarded-${composition}`,
      guardrails: ['words'],
    });
    expect(team.status).toBe(200);
    const member = await keyWith({ team_id: team.body.team_id });
    const refusal = await member.chat.completions
      .create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'is LangChain good?' }] })
      .catch((error: unknown) => error);
    expect(refusal).toMatchObject({ status: 400, code: 'guardrail_blocked' });
    expect((refusal as Error).message).toContain("'words'");

    const adding = await member.chat.completions
      .create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }], guardrails: ['pii-mask'] } as never)
      .catch((error: unknown) => error);
    expect(adding).toMatchObject({ status: 403 });
    const allowed = await keyWith({ allow_request_guardrails: true });
    await expect(
      allowed.chat.completions.create({
        model: 'gpt-4o-mini',
        messages: [{ role: 'user', content: 'hi' }],
        guardrails: ['pii-mask'],
      } as never),
    ).resolves.toMatchObject({ object: 'chat.completion' });
  });

  it('an unreachable guardrail lets the call through when it fails open, and refuses it with a 503 when it fails closed', async () => {
    await expect(ask('hello', false, 'gpt-4o-mini', { guardrails: ['down-open'] })).resolves.toMatchObject({
      object: 'chat.completion',
    });
    const refusal = await ask('hello', false, 'gpt-4o-mini', { guardrails: ['down-closed'] }).catch(
      (error: unknown) => error,
    );
    expect(refusal).toMatchObject({ status: 503 });
    expect((refusal as Error).message).toContain("guardrail 'down-closed'");
    // Recorded as what happened, never as passed.
    expect(await recordsNaming('down-open', 'failed_open')).toContainEqual(
      expect.objectContaining({ outcome: 'failed_open' }),
    );
    expect(await recordsNaming('down-closed', 'failed_closed')).toContainEqual(
      expect.objectContaining({ outcome: 'failed_closed' }),
    );
  });
});

describe('a guardrail kind Gatehouse does not run', () => {
  it.each(COMPOSITIONS)('stops start-up, naming it (%s)', async (composition) => {
    const bad = (base: string) => `
model_list:
  - model_name: m
    litellm_params: { model: openai/m, api_base: "${base}", api_key: ${FAKE_UPSTREAM_KEY} }
guardrails:
  - guardrail_name: aporia-guard
    litellm_params: { guardrail: aporia, mode: pre_call }
`;
    await expect(startTestGateway({ composition, config: bad })).rejects.toThrow(/aporia-guard/);
  });
});
