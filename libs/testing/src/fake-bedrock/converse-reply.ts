import { randomBytes } from 'node:crypto';
import { countTokens } from '../fake-upstream/tokens';
import { isObject, type Json } from './converse-validate';

/** What the fake answers to one valid Converse request (see ConformanceOptions for the contract). */
export interface ConversePlan {
  text?: string;
  toolUse?: { toolUseId: string; name: string; input: Json };
  stopReason: 'end_turn' | 'tool_use' | 'max_tokens';
  usage: {
    inputTokens: number;
    outputTokens: number;
    totalTokens: number;
    cacheReadInputTokens?: number;
    cacheWriteInputTokens?: number;
  };
}

export function planConverse(body: Json): ConversePlan {
  const messages = body.messages as Json[];
  const last = messages[messages.length - 1];
  const blocks = last.content as Json[];
  const inputTokens = Math.max(1, countTokens(allText(body)));
  const forced = forcedTool(body.toolConfig);
  const toolResults = blocks.filter((b) => isObject(b.toolResult));
  let plan: Omit<ConversePlan, 'usage'>;
  if (toolResults.length > 0) {
    const said = toolResults.map((b) => resultText((b.toolResult as Json).content)).join(' ');
    plan = { text: `Tool said: ${said}`, stopReason: 'end_turn' };
  } else if (forced) {
    plan = {
      toolUse: { toolUseId: `tooluse_${randomBytes(9).toString('base64url')}`, name: forced, input: { city: 'Paris' } },
      stopReason: 'tool_use',
    };
  } else if (body.outputConfig !== undefined) {
    plan = { text: JSON.stringify({ echo: userText(blocks) }), stopReason: 'end_turn' };
  } else {
    plan = { text: `Echo: ${userText(blocks)}`, stopReason: 'end_turn' };
  }
  const maxTokens = isObject(body.inferenceConfig) ? body.inferenceConfig.maxTokens : undefined;
  if (plan.text !== undefined && typeof maxTokens === 'number' && countTokens(plan.text) > maxTokens) {
    plan = { text: plan.text.slice(0, maxTokens * 4), stopReason: 'max_tokens' };
  }
  const outputTokens = Math.max(1, countTokens(plan.text ?? JSON.stringify(plan.toolUse?.input)));
  const cached = hasCachePoint(body) ? { cacheReadInputTokens: 0, cacheWriteInputTokens: inputTokens } : {};
  const usage = { inputTokens, outputTokens, totalTokens: inputTokens + outputTokens, ...cached };
  return { ...plan, usage };
}

export function renderConverse(plan: ConversePlan): Json {
  const content = plan.toolUse ? [{ toolUse: plan.toolUse }] : [{ text: plan.text }];
  return {
    output: { message: { role: 'assistant', content } },
    stopReason: plan.stopReason,
    usage: plan.usage,
    metrics: { latencyMs: 1 },
  };
}

/** The ConverseStream events for a plan, as [event type, payload] in order. */
export function streamEvents(plan: ConversePlan, chunks: number): [string, Json][] {
  const events: [string, Json][] = [['messageStart', { role: 'assistant' }]];
  if (plan.toolUse) {
    const { toolUseId, name, input } = plan.toolUse;
    events.push(['contentBlockStart', { contentBlockIndex: 0, start: { toolUse: { toolUseId, name } } }]);
    for (const piece of split(JSON.stringify(input), chunks)) {
      events.push(['contentBlockDelta', { contentBlockIndex: 0, delta: { toolUse: { input: piece } } }]);
    }
  } else {
    for (const piece of split(plan.text ?? '', chunks)) {
      events.push(['contentBlockDelta', { contentBlockIndex: 0, delta: { text: piece } }]);
    }
  }
  events.push(['contentBlockStop', { contentBlockIndex: 0 }]);
  events.push(['messageStop', { stopReason: plan.stopReason }]);
  events.push(['metadata', { usage: plan.usage, metrics: { latencyMs: 1 } }]);
  return events;
}

function split(text: string, chunks: number): string[] {
  const size = Math.max(1, Math.ceil(text.length / Math.max(1, chunks)));
  const pieces: string[] = [];
  for (let i = 0; i < text.length; i += size) pieces.push(text.slice(i, i + size));
  return pieces;
}

function forcedTool(config: unknown): string | undefined {
  if (!isObject(config) || !isObject(config.toolChoice)) return undefined;
  if (isObject(config.toolChoice.tool)) return String(config.toolChoice.tool.name);
  if (!isObject(config.toolChoice.any)) return undefined;
  const first = (config.tools as Json[]).find((tool) => isObject(tool.toolSpec));
  return first ? String((first.toolSpec as Json).name) : undefined;
}

function userText(blocks: Json[]): string {
  return blocks
    .flatMap((b) =>
      typeof b.text === 'string'
        ? [b.text]
        : isObject(b.image)
          ? ['[image]']
          : isObject(b.document)
            ? ['[document]']
            : [],
    )
    .join(' ');
}

function resultText(content: unknown): string {
  return Array.isArray(content)
    ? content.map((c: Json) => (typeof c.text === 'string' ? c.text : JSON.stringify(c.json))).join('')
    : '';
}

function allText(body: Json): string {
  const system = Array.isArray(body.system)
    ? (body.system as Json[]).map((b) => (typeof b.text === 'string' ? b.text : '')).join('')
    : '';
  return system + JSON.stringify(body.messages);
}

function hasCachePoint(body: Json): boolean {
  return JSON.stringify([body.system, body.messages, body.toolConfig]).includes('"cachePoint"');
}
