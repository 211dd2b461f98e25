import type { ChatRequest } from './chat-request';
import type { IdSource } from './ids';
import { SYSTEM_FINGERPRINT } from './ids';
import type { FakeKnobs } from './knobs';
import { sampleFromSchema } from './schema-sample';
import { CHARS_PER_TOKEN, chatUsage, countTokens, truncateToTokens, type ChatUsage } from './tokens';

export type FinishReason = 'stop' | 'length' | 'tool_calls';

export interface ToolCallPlan {
  id: string;
  name: string;
  arguments: string;
}

export interface ChoicePlan {
  content: string | null;
  toolCall: ToolCallPlan | undefined;
  finishReason: FinishReason;
}

/** Everything a chat reply contains, computed once and rendered either as JSON or as SSE frames. */
export interface ChatPlan {
  id: string;
  created: number;
  model: string;
  choices: ChoicePlan[];
  usage: ChatUsage;
}

/** The default text reply, so tests can assert a round trip through the gateway. */
export function echoReply(lastUserText: string): string {
  return `Echo: ${lastUserText}`;
}

/** The reply when no `content` knob is set: deterministic from the last user message. */
function defaultReply(request: ChatRequest): string {
  switch (request.format.kind) {
    case 'text':
      return request.lastToolResult === undefined
        ? echoReply(request.lastUserText)
        : `Tool said: ${request.lastToolResult}`;
    case 'json_object':
      return JSON.stringify({ echo: request.lastUserText });
    case 'json_schema':
      return JSON.stringify(sampleFromSchema(request.format.schema));
  }
}

export function planChat(request: ChatRequest, knobs: Readonly<FakeKnobs>, ids: IdSource): ChatPlan {
  const choices: ChoicePlan[] = [];
  let completionTokens = 0;
  for (let i = 0; i < request.n; i++) {
    const choice = planChoice(request, knobs, ids);
    choices.push(choice);
    completionTokens += choice.toolCall
      ? countTokens(choice.toolCall.name + choice.toolCall.arguments)
      : countTokens(choice.content ?? '');
  }
  const reasoningTokens = knobs.reasoningTokens ?? 0;
  let promptChars = 0;
  for (const message of request.messages) promptChars += message.text.length;
  const usage = chatUsage({
    promptTokens: knobs.promptTokens ?? Math.ceil(promptChars / CHARS_PER_TOKEN),
    // Like OpenAI, reasoning tokens are billed inside completion_tokens.
    completionTokens: knobs.completionTokens ?? completionTokens + reasoningTokens,
    cachedTokens: knobs.cachedTokens ?? 0,
    reasoningTokens,
  });
  return {
    id: ids.next('chatcmpl-', 29),
    created: Math.floor(Date.now() / 1000),
    model: request.model,
    choices,
    usage,
  };
}

function planChoice(request: ChatRequest, knobs: Readonly<FakeKnobs>, ids: IdSource): ChoicePlan {
  const tool = request.forcedTool;
  if (tool !== undefined) {
    const args = knobs.toolArguments ?? JSON.stringify(sampleFromSchema(tool.parameters));
    return {
      content: null,
      toolCall: { id: ids.next('call_', 24), name: tool.name, arguments: args },
      finishReason: 'tool_calls',
    };
  }
  const full = knobs.content ?? defaultReply(request);
  if (request.maxTokens !== undefined && countTokens(full) > request.maxTokens) {
    return { content: truncateToTokens(full, request.maxTokens), toolCall: undefined, finishReason: 'length' };
  }
  return { content: full, toolCall: undefined, finishReason: 'stop' };
}

/** The non-streaming `chat.completion` object, field order as OpenAI sends it. */
export function renderCompletion(plan: ChatPlan): string {
  return JSON.stringify({
    id: plan.id,
    object: 'chat.completion',
    created: plan.created,
    model: plan.model,
    choices: plan.choices.map((choice, index) => ({
      index,
      message: renderMessage(choice),
      logprobs: null,
      finish_reason: choice.finishReason,
    })),
    usage: plan.usage,
    service_tier: 'default',
    system_fingerprint: SYSTEM_FINGERPRINT,
  });
}

function renderMessage(choice: ChoicePlan): Record<string, unknown> {
  if (choice.toolCall === undefined) {
    return { role: 'assistant', content: choice.content, refusal: null, annotations: [] };
  }
  const { id, name, arguments: args } = choice.toolCall;
  return {
    role: 'assistant',
    content: null,
    tool_calls: [{ id, type: 'function', function: { name, arguments: args } }],
    refusal: null,
    annotations: [],
  };
}
