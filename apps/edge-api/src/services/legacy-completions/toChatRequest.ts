import { GatewayFailure } from '@gatehouse/errors';
import { ChatRequest } from '@gatehouse/providers-core';
import { gatewayFieldsOf } from '../chat-request.schema';
import { CompletionRequest } from './completion-request.schema';

/** Sampling fields with the same meaning in both APIs, copied as they are. */
const SHARED_FIELDS = [
  'max_tokens',
  'temperature',
  'top_p',
  'n',
  'stop',
  'stream',
  'stream_options',
  'presence_penalty',
  'frequency_penalty',
  'logit_bias',
  'seed',
  'user',
] as const;

/** The prompts of a legacy request, one per chat call; refuses what a chat model cannot do. */
export function promptsOf(request: CompletionRequest): string[] {
  if (request.suffix) refuse('suffix', 'insertion (suffix) has no equivalent in chat models');
  if (request.echo) refuse('echo', 'echoing the prompt is not supported');
  if (request.logprobs !== undefined && request.logprobs !== null) {
    refuse('logprobs', 'token log-probabilities are not supported on this route');
  }
  if (request.best_of && request.best_of > 1) refuse('best_of', 'best_of above 1 is not supported');
  const prompts = typeof request.prompt === 'string' ? [request.prompt] : request.prompt;
  if (request.stream && prompts.length > 1) {
    refuse('prompt', 'a stream takes a single prompt; send one request per prompt');
  }
  return prompts;
}

/** One prompt as a chat request holding a single user message. */
export function toChatRequest(request: CompletionRequest, prompt: string): ChatRequest {
  const shared: Record<string, unknown> = {};
  for (const field of SHARED_FIELDS) {
    const value = request[field];
    if (value !== undefined && value !== null) shared[field] = value;
  }
  return {
    ...shared,
    ...gatewayFieldsOf(request),
    model: request.model,
    messages: [{ role: 'user', content: prompt }],
  };
}

function refuse(param: string, message: string): never {
  throw new GatewayFailure('bad_request', `${param}: ${message}`, { param, code: 'unsupported_parameter' });
}
