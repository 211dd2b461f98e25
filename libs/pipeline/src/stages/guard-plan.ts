import { common } from '@gatehouse/contracts';
import { GatewayFailure } from '@gatehouse/errors';
import { GuardrailPolicy, GuardrailSource, GuardrailStage } from '@gatehouse/guardrails';
import { ChatCompletion, ChatRequest } from '@gatehouse/providers-core';
import { Payload } from '../payload';
import { Guardrails } from '../ports/guardrails';
import { answerTexts, requestTexts, withAnswerTexts, withRequestTexts } from './guarded-texts';

/** What one guardrail did in a call, for the usage event. */
export interface GuardrailRecord {
  name: string;
  stage: GuardrailStage;
  outcome: string;
  type?: string;
  detail?: string;
  latencyMs: number;
}

/** Which of a call's guardrails run where; each list in the order they run. */
export interface GuardLists {
  /** pre_call, and during_call ones that may mask the request (their answer has to come first). */
  readonly before: readonly { stage: GuardrailStage; names: readonly string[] }[];
  /** during_call ones that can only pass or block: asked while the provider answers. */
  readonly alongside: readonly string[];
  readonly post: readonly string[];
  readonly during: readonly string[];
}

/**
 * One call's guardrails: runs them through the port in the right places, puts masked text back, and
 * keeps every outcome for the usage event. A block is a 400 naming the guardrail; a guardrail that
 * could not answer and fails closed is a 503; one that fails open is recorded and the call goes on.
 */
export class GuardPlan {
  readonly records: GuardrailRecord[] = [];

  constructor(
    private readonly port: Guardrails,
    private readonly policies: ReadonlyMap<string, GuardrailPolicy>,
    readonly lists: GuardLists,
    private readonly context: common.RequestContext,
    private readonly model: string,
  ) {}

  get checksOutput(): boolean {
    return this.lists.post.length > 0 || this.lists.during.length > 0;
  }

  /** The request as the provider gets it: checked by the guardrails that must answer first, masked where they masked. */
  async guardRequest(request: ChatRequest): Promise<ChatRequest> {
    let guarded = request;
    for (const { stage, names } of this.lists.before) {
      const masked = await this.run(stage, 'input', names, requestTexts(guarded));
      if (masked) guarded = withRequestTexts(guarded, masked);
    }
    return guarded;
  }

  /** The during_call input check, started now and awaited before any of the answer is released. */
  checkAlongside(request: ChatRequest): Promise<void> | undefined {
    if (this.lists.alongside.length === 0) return undefined;
    const checked = this.run('during_call', 'input', this.lists.alongside, requestTexts(request)).then(() => undefined);
    // Awaited later, or never when the call fails first: never an unhandled rejection meanwhile.
    checked.catch(() => undefined);
    return checked;
  }

  /** A whole answer, checked by post_call then during_call guardrails; the same payload when nothing was masked. */
  async guardAnswer(body: Payload<ChatCompletion>): Promise<Payload<ChatCompletion>> {
    if (!this.checksOutput) return body;
    const completion = body.object();
    const masked = await this.checkOutput(answerTexts(completion));
    return masked ? Payload.of(withAnswerTexts(completion, masked)) : body;
  }

  /** Output texts through post_call then during_call guardrails; the masked texts, or undefined when unchanged. */
  async checkOutput(texts: readonly string[], stages: 'all' | 'during' = 'all'): Promise<string[] | undefined> {
    let current: readonly string[] = texts;
    let changed = false;
    const steps: [GuardrailStage, readonly string[]][] =
      stages === 'all'
        ? [
            ['post_call', this.lists.post],
            ['during_call', this.lists.during],
          ]
        : [['during_call', this.lists.during]];
    for (const [stage, names] of steps) {
      if (names.length === 0) continue;
      const masked = await this.run(stage, 'output', names, current);
      if (masked) {
        current = masked;
        changed = true;
      }
    }
    return changed ? [...current] : undefined;
  }

  private async run(
    stage: GuardrailStage,
    source: GuardrailSource,
    names: readonly string[],
    texts: readonly string[],
  ): Promise<string[] | undefined> {
    let answer;
    try {
      answer = await this.port.check({
        context: this.context,
        stage,
        source,
        guardrails: [...names],
        model: this.model,
        texts: [...texts],
      });
    } catch (error) {
      return this.unreachable(stage, names, error);
    }
    for (const result of answer.results)
      this.records.push({
        name: result.guardrail,
        stage,
        outcome: result.outcome,
        type: result.type || undefined,
        detail: result.detail || undefined,
        latencyMs: result.latencyMs,
      });
    if (!answer.allowed) {
      const last = answer.results.at(-1);
      const name = last?.guardrail ?? 'unknown';
      if (last?.outcome === 'failed_closed') throw closed(name, stage, last.detail);
      throw new GatewayFailure('content_policy', `blocked by guardrail '${name}' (${stage}): ${last?.detail ?? ''}`, {
        code: 'guardrail_blocked',
      });
    }
    return answer.masked ? answer.texts : undefined;
  }

  /** The guardrails could not be asked at all (their service is down): each follows its own fail setting. */
  private unreachable(stage: GuardrailStage, names: readonly string[], error: unknown): undefined {
    const detail = `the guardrail service did not answer: ${error instanceof Error ? error.message : String(error)}`;
    let firstClosed: string | undefined;
    for (const name of names) {
      const failOpen = this.policies.get(name)?.failOpen ?? false;
      this.records.push({ name, stage, outcome: failOpen ? 'failed_open' : 'failed_closed', detail, latencyMs: 0 });
      if (!failOpen) {
        firstClosed ??= name;
        break;
      }
    }
    if (firstClosed) throw closed(firstClosed, stage, detail);
    return undefined;
  }
}

function closed(name: string, stage: GuardrailStage, detail: string): GatewayFailure {
  return new GatewayFailure(
    'unavailable',
    `guardrail '${name}' (${stage}) could not check the call and fails closed: ${detail}`,
    {
      code: 'guardrail_unavailable',
    },
  );
}
