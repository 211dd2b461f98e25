import { ConfigError, ConfigIssue, GuardrailConfig } from '@gatehouse/config';
import { guardrail } from '@gatehouse/contracts';
import { GatewayFailure } from '@gatehouse/errors';
import { bedrockGuardrailFactory } from './bedrock';
import { contentFilterFactory } from './content-filter';
import { denyListFactory } from './deny-list';
import { EngineDeps, EngineFactory } from './engine-factory';
import { GuardrailEngine, GuardrailStage, GuardrailVerdict } from './guardrail-engine';
import { GuardrailPolicy, policyOf } from './guardrail-policy';
import { maxInputSizeFactory } from './input-size';
import { promptInjectionFactory } from './prompt-injection';

/** The guardrail kinds this gateway runs, by `litellm_params.guardrail`. */
export const GUARDRAIL_KINDS: Readonly<Record<string, EngineFactory>> = {
  bedrock: bedrockGuardrailFactory,
  litellm_content_filter: contentFilterFactory,
  prompt_injection: promptInjectionFactory,
  max_input_size: maxInputSizeFactory,
  deny_list: denyListFactory,
};

interface Configured {
  engine: GuardrailEngine;
  policy: GuardrailPolicy;
}

type Outcome = 'passed' | 'blocked' | 'masked' | 'flagged' | 'failed_open' | 'failed_closed';

/**
 * Every configured guardrail, built from config and run by name: in the order asked, each seeing
 * the text the previous one masked, until one blocks or fails closed. A kind this gateway does not
 * run, or params its engine refuses, stop start-up naming the guardrail: skipping it would let
 * through traffic the operator meant to check.
 */
export class GuardrailCatalog {
  private constructor(private readonly guardrails: ReadonlyMap<string, Configured>) {}

  static build(
    entries: readonly GuardrailConfig[],
    deps: EngineDeps,
    source: string,
    kinds: Readonly<Record<string, EngineFactory>> = GUARDRAIL_KINDS,
  ): GuardrailCatalog {
    const guardrails = new Map<string, Configured>();
    const issues: ConfigIssue[] = [];
    entries.forEach((entry, index) => {
      const at = `guardrails[${index}].litellm_params`;
      const name = entry.guardrail_name;
      if (guardrails.has(name)) {
        issues.push({ location: `guardrails[${index}].guardrail_name`, message: `"${name}" is defined twice` });
        return;
      }
      const factory = Object.hasOwn(kinds, entry.litellm_params.guardrail)
        ? kinds[entry.litellm_params.guardrail]
        : undefined;
      if (!factory) {
        issues.push({
          location: `${at}.guardrail`,
          message: `guardrail "${name}" is of kind "${entry.litellm_params.guardrail}", which this gateway does not run (it runs ${Object.keys(kinds).join(', ')})`,
        });
        return;
      }
      const built = factory(name, entry.litellm_params, at, deps);
      if ('issues' in built) issues.push(...built.issues);
      else guardrails.set(name, { engine: built.engine, policy: policyOf(entry) });
    });
    if (issues.length > 0) throw new ConfigError(`Invalid gateway config ${source}`, issues);
    return new GuardrailCatalog(guardrails);
  }

  has(name: string): boolean {
    return this.guardrails.has(name);
  }

  /** Whether the guardrail may rewrite a request, so it has to answer before the provider is called. */
  masksInput(name: string): boolean {
    return this.guardrails.get(name)?.engine.masksInput ?? false;
  }

  async check(request: guardrail.CheckRequest): Promise<guardrail.CheckResponse> {
    const results: guardrail.GuardrailResult[] = [];
    let texts: readonly string[] = request.texts;
    let masked = false;
    const answer = (allowed: boolean): guardrail.CheckResponse => ({
      allowed,
      results,
      masked,
      texts: masked ? [...texts] : [],
    });
    for (const name of request.guardrails) {
      const configured = this.guardrails.get(name);
      if (!configured)
        throw new GatewayFailure('bad_request', `guardrail '${name}' is not configured`, { param: 'guardrails' });
      const { policy } = configured;
      const startedAt = performance.now();
      const result = (outcome: Outcome, type = '', detail = ''): guardrail.GuardrailResult => ({
        guardrail: name,
        outcome,
        type,
        detail,
        latencyMs: Math.round((performance.now() - startedAt) * 1000) / 1000,
      });
      let verdict: GuardrailVerdict;
      try {
        verdict = await checkWithin(configured, request, texts);
      } catch (error) {
        results.push(result(policy.failOpen ? 'failed_open' : 'failed_closed', 'error', describe(error)));
        if (policy.failOpen) continue;
        return answer(false);
      }
      switch (verdict.action) {
        case 'pass':
          results.push(result('passed'));
          break;
        case 'mask':
          results.push(result('masked', verdict.type, verdict.detail));
          texts = verdict.texts;
          masked = true;
          break;
        case 'block':
          results.push(result(policy.logOnly ? 'flagged' : 'blocked', verdict.type, verdict.detail));
          if (!policy.logOnly) return answer(false);
          break;
      }
    }
    return answer(true);
  }
}

/** The engine's verdict, or a timeout failure once the guardrail's time is up (the engine is told to stop). */
async function checkWithin(
  { engine, policy }: Configured,
  request: guardrail.CheckRequest,
  texts: readonly string[],
): Promise<GuardrailVerdict> {
  const abort = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      // The timeout settles the race first, so an engine that rejects as soon as it is aborted does not win it.
      reject(new Error(`timed out after ${policy.timeoutMs} ms`));
      abort.abort();
    }, policy.timeoutMs);
  });
  try {
    const checked = engine.check({
      stage: request.stage as GuardrailStage,
      source: request.source === 'output' ? 'output' : 'input',
      texts,
      requestId: request.context?.requestId ?? '',
      signal: abort.signal,
    });
    return await Promise.race([checked, timedOut]);
  } finally {
    clearTimeout(timer);
  }
}

/** An engine's failure for the usage event: its message, bounded; engines keep credentials out of it. */
function describe(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.length > 200 ? `${message.slice(0, 197)}...` : message;
}
