import { z } from 'zod';
import { gatewayFieldsShape, parseWith } from '../chat-request.schema';

const positiveInt = z.number().int().positive();

/**
 * OpenAI's legacy completions body (https://platform.openai.com/docs/api-reference/completions).
 * Unknown fields are refused rather than forwarded, since the body is rebuilt as a chat request.
 */
export const CompletionRequestSchema = z.strictObject({
  model: z.string().min(1),
  prompt: z.union([z.string(), z.array(z.string()).min(1)], {
    error: 'prompt must be a string or an array of strings (token arrays are not supported)',
  }),
  max_tokens: positiveInt.nullish(),
  temperature: z.number().min(0).max(2).nullish(),
  top_p: z.number().min(0).max(1).nullish(),
  n: positiveInt.nullish(),
  stop: z.union([z.string(), z.array(z.string()).max(4)]).nullish(),
  stream: z.boolean().nullish(),
  stream_options: z.looseObject({ include_usage: z.boolean().optional() }).nullish(),
  suffix: z.string().nullish(),
  echo: z.boolean().nullish(),
  logprobs: z.number().int().min(0).nullish(),
  best_of: positiveInt.nullish(),
  presence_penalty: z.number().min(-2).max(2).nullish(),
  frequency_penalty: z.number().min(-2).max(2).nullish(),
  logit_bias: z.record(z.string(), z.number()).nullish(),
  seed: z.number().int().nullish(),
  user: z.string().nullish(),
  ...gatewayFieldsShape,
});

export type CompletionRequest = z.infer<typeof CompletionRequestSchema>;

export function parseCompletionRequest(body: unknown): CompletionRequest {
  return parseWith(CompletionRequestSchema, body);
}
