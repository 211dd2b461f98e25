import { z } from 'zod';
import { gatewayFieldsShape, parseWith } from '../chat-request.schema';

/**
 * Anthropic's Messages request (https://docs.anthropic.com/en/api/messages). Unknown top-level
 * fields are refused rather than dropped, as Anthropic itself does; `cache_control` and `citations`
 * on blocks are accepted and have no effect (there is no equivalent in the canonical shape).
 */
const BLOCK_TYPES = 'text, image, tool_use, tool_result, thinking, redacted_thinking';

const textBlock = z.looseObject({ type: z.literal('text'), text: z.string() });

const imageSource = z.discriminatedUnion(
  'type',
  [
    z.looseObject({ type: z.literal('base64'), media_type: z.string().min(1), data: z.string().min(1) }),
    z.looseObject({ type: z.literal('url'), url: z.string().min(1) }),
  ],
  { error: 'image source type must be base64 or url' },
);
const imageBlock = z.looseObject({ type: z.literal('image'), source: imageSource });

const toolUseBlock = z.looseObject({
  type: z.literal('tool_use'),
  id: z.string().min(1),
  name: z.string().min(1),
  input: z.record(z.string(), z.unknown()),
});

const toolResultBlock = z.looseObject({
  type: z.literal('tool_result'),
  tool_use_id: z.string().min(1),
  content: z
    .union([
      z.string(),
      z.array(z.discriminatedUnion('type', [textBlock, imageBlock], { error: 'tool results hold text or image' })),
    ])
    .optional(),
  is_error: z.boolean().optional(),
});

const thinkingBlock = z.looseObject({ type: z.literal('thinking'), thinking: z.string() });
const redactedThinkingBlock = z.looseObject({ type: z.literal('redacted_thinking'), data: z.string() });

const contentBlock = z.discriminatedUnion(
  'type',
  [textBlock, imageBlock, toolUseBlock, toolResultBlock, thinkingBlock, redactedThinkingBlock],
  { error: `content block type must be one of: ${BLOCK_TYPES}` },
);

const message = z.looseObject({
  role: z.enum(['user', 'assistant']),
  content: z.union([z.string(), z.array(contentBlock)], {
    error: `must be a string or an array of content blocks (${BLOCK_TYPES})`,
  }),
});

const tool = z.looseObject({
  type: z.string().optional(),
  name: z.string().min(1),
  description: z.string().optional(),
  input_schema: z.looseObject({ type: z.literal('object') }).optional(),
});

const parallel = { disable_parallel_tool_use: z.boolean().optional() };
const toolChoice = z.discriminatedUnion(
  'type',
  [
    z.strictObject({ type: z.literal('auto'), ...parallel }),
    z.strictObject({ type: z.literal('any'), ...parallel }),
    z.strictObject({ type: z.literal('tool'), name: z.string().min(1), ...parallel }),
    z.strictObject({ type: z.literal('none') }),
  ],
  { error: 'tool_choice type must be one of: auto, any, tool, none' },
);

const thinking = z.discriminatedUnion(
  'type',
  [
    z.strictObject({ type: z.literal('enabled'), budget_tokens: z.number().int().min(1024) }),
    z.strictObject({ type: z.literal('disabled') }),
  ],
  { error: 'thinking type must be enabled or disabled' },
);

export const MessagesRequestSchema = z.strictObject({
  model: z.string().min(1),
  max_tokens: z.number().int().positive(),
  messages: z.array(message).min(1),
  system: z.union([z.string(), z.array(textBlock)]).optional(),
  tools: z.array(tool).optional(),
  tool_choice: toolChoice.optional(),
  stop_sequences: z.array(z.string()).optional(),
  temperature: z.number().min(0).max(1).optional(),
  top_p: z.number().min(0).max(1).optional(),
  top_k: z.number().int().nonnegative().optional(),
  metadata: z.looseObject({ user_id: z.string().nullish() }).optional(),
  stream: z.boolean().optional(),
  thinking: thinking.optional(),
  ...gatewayFieldsShape,
});

export type MessagesRequest = z.infer<typeof MessagesRequestSchema>;
export type MessageParam = MessagesRequest['messages'][number];
export type ContentBlockParam = z.infer<typeof contentBlock>;
export type ImageBlockParam = z.infer<typeof imageBlock>;
export type ToolResultBlockParam = z.infer<typeof toolResultBlock>;
export type ToolParam = z.infer<typeof tool>;
export type ToolChoiceParam = z.infer<typeof toolChoice>;

export function parseMessagesRequest(body: unknown): MessagesRequest {
  return parseWith(MessagesRequestSchema, body);
}
