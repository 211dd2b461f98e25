import { GatewayFailure } from '@gatehouse/errors';
import { ChatMessage, ChatRequest, ContentPart, ToolCall } from '@gatehouse/providers-core';
import { gatewayFieldsOf } from '../chat-request.schema';
import {
  ContentBlockParam,
  ImageBlockParam,
  MessageParam,
  MessagesRequest,
  ToolChoiceParam,
  ToolParam,
  ToolResultBlockParam,
} from './anthropic-request.schema';

/** Thinking budgets mapped onto OpenAI's reasoning_effort levels (upper bounds, inclusive). */
const EFFORT_BY_BUDGET: readonly [number, 'low' | 'medium' | 'high'][] = [
  [2048, 'low'],
  [8192, 'medium'],
  [Number.POSITIVE_INFINITY, 'high'],
];

/** An Anthropic Messages request as the canonical OpenAI chat request the router carries. */
export function toChatRequest(request: MessagesRequest): ChatRequest {
  if (request.top_k !== undefined) {
    throw refuse('top_k', 'top_k has no equivalent in the OpenAI chat format the gateway routes in; remove it');
  }
  const chat: ChatRequest = {
    ...gatewayFieldsOf(request),
    model: request.model,
    messages: [...systemMessages(request.system), ...request.messages.flatMap(toChatMessages)],
    max_tokens: request.max_tokens,
  };
  if (request.stream) {
    chat.stream = true;
    // message_delta must carry output_tokens, so usage is always asked for.
    chat.stream_options = { include_usage: true };
  }
  if (request.temperature !== undefined) chat.temperature = request.temperature;
  if (request.top_p !== undefined) chat.top_p = request.top_p;
  if (request.stop_sequences?.length) chat.stop = request.stop_sequences;
  if (request.metadata?.user_id) chat.user = request.metadata.user_id;
  if (request.thinking?.type === 'enabled') chat.reasoning_effort = effortFor(request.thinking.budget_tokens);
  if (request.tools?.length) chat.tools = request.tools.map(toFunctionTool);
  if (request.tool_choice) Object.assign(chat, toolChoiceFields(request.tool_choice));
  return chat;
}

function systemMessages(system: MessagesRequest['system']): ChatMessage[] {
  if (system === undefined) return [];
  if (typeof system === 'string') return system ? [{ role: 'system', content: system }] : [];
  const parts = system.map((block) => ({ type: 'text' as const, text: block.text }));
  if (parts.length === 0) return [];
  return [{ role: 'system', content: parts.length === 1 ? parts[0].text : parts }];
}

function toChatMessages(message: MessageParam, index: number): ChatMessage[] {
  if (typeof message.content === 'string') return [{ role: message.role, content: message.content }];
  return message.role === 'user'
    ? fromUserBlocks(message.content, index)
    : [fromAssistantBlocks(message.content, index)];
}

/** tool_result blocks become `tool` messages, which OpenAI needs right after the assistant's calls. */
function fromUserBlocks(blocks: ContentBlockParam[], index: number): ChatMessage[] {
  const toolMessages: ChatMessage[] = [];
  const parts: ContentPart[] = [];
  blocks.forEach((block, j) => {
    switch (block.type) {
      case 'text':
        parts.push({ type: 'text', text: block.text });
        return;
      case 'image':
        parts.push(imagePart(block));
        return;
      case 'tool_result':
        toolMessages.push(toolMessage(block));
        // OpenAI tool messages carry text only; images a tool returned follow as user content.
        if (Array.isArray(block.content)) parts.push(...block.content.filter(isImage).map(imagePart));
        return;
      case 'tool_use':
      case 'thinking':
      case 'redacted_thinking':
        throw refuse(`messages[${index}].content[${j}].type`, `a user message cannot hold a ${block.type} block`);
    }
  });
  if (parts.length === 0) return toolMessages;
  const onlyText = parts.every((part) => part.type === 'text');
  const content = onlyText && parts.length === 1 ? (parts[0] as { text: string }).text : parts;
  return [...toolMessages, { role: 'user', content }];
}

/** Thinking blocks are the model's own earlier reasoning; the canonical shape has no place for them. */
function fromAssistantBlocks(blocks: ContentBlockParam[], index: number): ChatMessage {
  const texts: string[] = [];
  const toolCalls: ToolCall[] = [];
  blocks.forEach((block, j) => {
    switch (block.type) {
      case 'text':
        texts.push(block.text);
        return;
      case 'tool_use':
        toolCalls.push({
          id: block.id,
          type: 'function',
          function: { name: block.name, arguments: JSON.stringify(block.input) },
        });
        return;
      case 'thinking':
      case 'redacted_thinking':
        return;
      case 'image':
      case 'tool_result':
        throw refuse(`messages[${index}].content[${j}].type`, `an assistant message cannot hold a ${block.type} block`);
    }
  });
  const message: ChatMessage = { role: 'assistant', content: texts.length > 0 ? texts.join('') : null };
  if (toolCalls.length > 0) message.tool_calls = toolCalls;
  else if (message.content === null) message.content = '';
  return message;
}

function toolMessage(block: ToolResultBlockParam): ChatMessage {
  const text =
    typeof block.content === 'string'
      ? block.content
      : (block.content ?? []).flatMap((part) => (part.type === 'text' ? [part.text] : [])).join('\n');
  // OpenAI has no is_error flag; the model still has to learn the call failed.
  return { role: 'tool', tool_call_id: block.tool_use_id, content: block.is_error ? `Error: ${text}` : text };
}

function isImage(block: { type: string }): block is ImageBlockParam {
  return block.type === 'image';
}

function imagePart(block: ImageBlockParam): ContentPart {
  const { source } = block;
  const url = source.type === 'base64' ? `data:${source.media_type};base64,${source.data}` : source.url;
  return { type: 'image_url', image_url: { url } };
}

function toFunctionTool(tool: ToolParam, index: number) {
  if (tool.type !== undefined && tool.type !== 'custom') {
    throw refuse(`tools[${index}].type`, `Anthropic server tool '${tool.type}' is not supported by this gateway`);
  }
  if (!tool.input_schema) throw refuse(`tools[${index}].input_schema`, 'is required');
  const fn: Record<string, unknown> = { name: tool.name, parameters: tool.input_schema };
  if (tool.description !== undefined) fn.description = tool.description;
  return { type: 'function', function: fn };
}

function toolChoiceFields(choice: ToolChoiceParam): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  switch (choice.type) {
    case 'auto':
      fields.tool_choice = 'auto';
      break;
    case 'any':
      fields.tool_choice = 'required';
      break;
    case 'tool':
      fields.tool_choice = { type: 'function', function: { name: choice.name } };
      break;
    case 'none':
      fields.tool_choice = 'none';
      return fields;
  }
  if (choice.disable_parallel_tool_use) fields.parallel_tool_calls = false;
  return fields;
}

function effortFor(budgetTokens: number): 'low' | 'medium' | 'high' {
  return EFFORT_BY_BUDGET.find(([upTo]) => budgetTokens <= upTo)?.[1] ?? 'high';
}

function refuse(param: string, message: string): GatewayFailure {
  return new GatewayFailure('bad_request', `${param}: ${message}`, { param });
}
