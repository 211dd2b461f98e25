import type { ChatPlan, ChoicePlan } from './chat';
import { SYSTEM_FINGERPRINT } from './ids';

export interface StreamOptions {
  /** Content chunks per choice. */
  chunks: number;
  includeUsage: boolean;
  includeObfuscation: boolean;
}

/**
 * The SSE body as steps; each step is one or more `data:` frames written together. Step 0 carries
 * the role, then one step per content chunk, then the finish reasons, the usage chunk when asked
 * for, and `[DONE]`. `contentSteps` tells the writer where a stall may cut the stream.
 */
export interface StreamScript {
  steps: string[];
  contentSteps: number;
}

// A fixed value: real streams carry random padding here, but a stable one keeps output reproducible.
const OBFUSCATION = ',"obfuscation":"f4k3"';
const DONE = 'data: [DONE]\n\n';

export function scriptStream(plan: ChatPlan, options: StreamOptions): StreamScript {
  // Everything before and after the `choices` contents is identical for every chunk of the response.
  const head = `data: {"id":"${plan.id}","object":"chat.completion.chunk","created":${plan.created},"model":${JSON.stringify(plan.model)},"service_tier":"default","system_fingerprint":"${SYSTEM_FINGERPRINT}","choices":[`;
  const tail =
    (options.includeUsage ? '],"usage":null' : ']') + (options.includeObfuscation ? OBFUSCATION : '') + '}\n\n';
  const frame = (index: number, delta: string, finish: string | null): string =>
    `${head}{"index":${index},"delta":${delta},"logprobs":null,"finish_reason":${finish === null ? 'null' : `"${finish}"`}}${tail}`;

  const pieces = plan.choices.map((choice) => split(pieceSource(choice), options.chunks));
  const contentSteps = Math.max(0, ...pieces.map((list) => list.length));
  const steps: string[] = [plan.choices.map((choice, i) => frame(i, roleDelta(choice), null)).join('')];
  for (let step = 0; step < contentSteps; step++) {
    let text = '';
    plan.choices.forEach((choice, i) => {
      const piece = pieces[i][step];
      if (piece !== undefined) text += frame(i, contentDelta(choice, piece), null);
    });
    steps.push(text);
  }
  steps.push(plan.choices.map((choice, i) => frame(i, '{}', choice.finishReason)).join(''));
  if (options.includeUsage) steps.push(`${head}],"usage":${JSON.stringify(plan.usage)}}\n\n`);
  steps.push(DONE);
  return { steps, contentSteps };
}

function roleDelta(choice: ChoicePlan): string {
  const call = choice.toolCall;
  if (call === undefined) return '{"role":"assistant","content":"","refusal":null}';
  return `{"role":"assistant","content":null,"tool_calls":[{"index":0,"id":"${call.id}","type":"function","function":{"name":${JSON.stringify(call.name)},"arguments":""}}],"refusal":null}`;
}

function contentDelta(choice: ChoicePlan, piece: string): string {
  if (choice.toolCall === undefined) return `{"content":${JSON.stringify(piece)}}`;
  return `{"tool_calls":[{"index":0,"function":{"arguments":${JSON.stringify(piece)}}}]}`;
}

function pieceSource(choice: ChoicePlan): string {
  return choice.toolCall?.arguments ?? choice.content ?? '';
}

/** Splits into at most `count` near-equal pieces, never inside a surrogate pair. */
function split(text: string, count: number): string[] {
  if (text === '') return [];
  const chars = Array.from(text);
  const parts = Math.min(Math.max(1, count), chars.length);
  const pieces: string[] = [];
  for (let i = 0; i < parts; i++) {
    pieces.push(
      chars.slice(Math.floor((i * chars.length) / parts), Math.floor(((i + 1) * chars.length) / parts)).join(''),
    );
  }
  return pieces;
}
