import { ConfigError, GuardrailConfig } from '@gatehouse/config';
import { guardrail } from '@gatehouse/contracts';
import { ChatCompletion } from '@gatehouse/providers-core';
import { Guardrails } from '../ports/guardrails';
import { GuardStage } from './guard';

const context = { requestId: 'r', traceparent: '' };
const denyList = (name: string, mode: string[] | undefined, defaultOn = true): GuardrailConfig => ({
  guardrail_name: name,
  litellm_params: { guardrail: 'deny_list', mode, default_on: defaultOn },
});

/** A port that records what it was asked and blocks any text holding `bad`. */
function port() {
  const asked: guardrail.CheckRequest[] = [];
  const guardrails: Guardrails = {
    check: (request) => {
      asked.push(request);
      const bad = request.texts.findIndex((text) => text.includes('bad'));
      return Promise.resolve(
        bad === -1
          ? { allowed: true, findings: [] }
          : {
              allowed: false,
              findings: [{ guardrail: request.guardrails[0], type: 'deny_list', detail: `text ${bad}` }],
            },
      );
    },
  };
  return { asked, guardrails };
}

const request = (content: string) => ({ model: 'm', messages: [{ role: 'user' as const, content }] });
const completion = (content: string): ChatCompletion => ({
  id: 'c',
  object: 'chat.completion',
  created: 1,
  model: 'm',
  choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
});

describe('GuardStage', () => {
  it('runs default_on guardrails in their modes, a guardrail with no mode before the call', async () => {
    const { asked, guardrails } = port();
    const guard = GuardStage.fromConfig(
      [denyList('before', undefined), denyList('after', ['post_call']), denyList('on-request', ['pre_call'], false)],
      guardrails,
      'c',
    );
    await guard.checkRequest(context, request('hello'));
    await guard.checkAnswer(context, 'm', completion('hi there'));
    expect(asked.map((a) => [a.stage, a.guardrails, a.texts])).toEqual([
      ['pre_call', ['before'], ['hello']],
      ['post_call', ['after'], ['hi there']],
    ]);
  });

  it('blocks as a content-policy refusal naming the guardrail and the stage', async () => {
    const guard = GuardStage.fromConfig([denyList('no-bad', ['pre_call', 'post_call'])], port().guardrails, 'c');
    await expect(guard.checkRequest(context, request('a bad idea'))).rejects.toMatchObject({
      kind: 'content_policy',
      message: expect.stringContaining("'no-bad' (pre_call)") as string,
    });
    await expect(guard.checkStreamed(context, 'm', 'so bad')).rejects.toMatchObject({ kind: 'content_policy' });
  });

  it('asks nothing when no guardrail applies', async () => {
    const { asked, guardrails } = port();
    const guard = GuardStage.fromConfig([denyList('off', ['pre_call'], false)], guardrails, 'c');
    expect(guard.applies('pre_call')).toBe(false);
    await guard.checkRequest(context, request('bad'));
    expect(asked).toEqual([]);
  });

  it('stops start-up on a mode it does not run, never skipping the guardrail', () => {
    const build = () => GuardStage.fromConfig([denyList('streamed', ['during_call'])], port().guardrails, 'c');
    expect(build).toThrow(ConfigError);
    expect(build).toThrow(/"streamed" asks for mode "during_call"/);
  });
});
