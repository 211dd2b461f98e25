import { ConfigError, GuardrailConfig } from '@gatehouse/config';
import { common } from '@gatehouse/contracts';
import { GatewayFailure } from '@gatehouse/errors';
import { ChatCompletion, ChatMessage, ChatRequest } from '@gatehouse/providers-core';
import { Guardrails } from '../ports/guardrails';

type Stage = 'pre_call' | 'post_call';

/** LiteLLM's default when a guardrail names no mode. */
const DEFAULT_MODES: readonly string[] = ['pre_call'];
const RUNNABLE_MODES: ReadonlySet<string> = new Set<Stage>(['pre_call', 'post_call']);

/**
 * The guardrail stages around the provider call: `pre_call` on the request's messages before it is
 * sent, `post_call` on the answer before it is returned (for a stream, on everything it wrote, when
 * it ends). The guardrails that apply are the config's `default_on` ones; a call with none costs
 * nothing here. A finding blocks the call as a content-policy refusal naming the guardrail.
 */
export class GuardStage {
  private constructor(
    private readonly port: Guardrails,
    private readonly names: Readonly<Record<Stage, readonly string[]>>,
  ) {}

  /** Refuses (ConfigError) a default_on guardrail in a mode this gateway does not run, never skipping it. */
  static fromConfig(guardrails: readonly GuardrailConfig[], port: Guardrails, source: string): GuardStage {
    const names: Record<Stage, string[]> = { pre_call: [], post_call: [] };
    const issues = guardrails.flatMap((entry, index) => {
      if (!entry.litellm_params.default_on) return [];
      const modes = entry.litellm_params.mode ?? DEFAULT_MODES;
      for (const mode of modes) if (RUNNABLE_MODES.has(mode)) names[mode as Stage].push(entry.guardrail_name);
      return modes
        .filter((mode) => !RUNNABLE_MODES.has(mode))
        .map((mode) => ({
          location: `guardrails[${index}].litellm_params.mode`,
          message: `guardrail "${entry.guardrail_name}" asks for mode "${mode}", which this gateway does not run (it runs ${[...RUNNABLE_MODES].join(', ')})`,
        }));
    });
    if (issues.length > 0) throw new ConfigError(`Invalid gateway config ${source}`, issues);
    return new GuardStage(port, names);
  }

  applies(stage: Stage): boolean {
    return this.names[stage].length > 0;
  }

  async checkRequest(context: common.RequestContext, request: ChatRequest): Promise<void> {
    if (!this.applies('pre_call')) return;
    await this.check(context, 'pre_call', request.model, request.messages.flatMap(textsOf));
  }

  async checkAnswer(context: common.RequestContext, model: string, completion: ChatCompletion): Promise<void> {
    if (!this.applies('post_call')) return;
    await this.check(
      context,
      'post_call',
      model,
      completion.choices.flatMap((choice) => textsOf(choice.message)),
    );
  }

  async checkStreamed(context: common.RequestContext, model: string, streamed: string): Promise<void> {
    if (!this.applies('post_call')) return;
    await this.check(context, 'post_call', model, [streamed]);
  }

  private async check(context: common.RequestContext, stage: Stage, model: string, texts: string[]): Promise<void> {
    const answer = await this.port.check({ context, stage, guardrails: [...this.names[stage]], model, texts });
    if (answer.allowed) return;
    const [finding] = answer.findings;
    throw new GatewayFailure(
      'content_policy',
      `blocked by guardrail '${finding?.guardrail ?? 'unknown'}' (${stage}): ${finding?.detail ?? 'no detail'}`,
    );
  }
}

/** The text a message carries: its content (string or text parts), refusal, and tool-call arguments. */
function textsOf(message: Partial<ChatMessage>): string[] {
  const texts: string[] = [];
  const { content } = message;
  if (typeof content === 'string') texts.push(content);
  else if (Array.isArray(content))
    for (const part of content) if (part.type === 'text' && typeof part.text === 'string') texts.push(part.text);
  if (typeof message.refusal === 'string') texts.push(message.refusal);
  for (const call of message.tool_calls ?? []) texts.push(call.function.arguments);
  return texts;
}
