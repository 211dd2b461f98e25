import { Target } from './targets';

const PROMPT = 'hello';
/** The fake upstream echoes the last user message (libs/testing/src/fake-upstream/README.md). */
const REPLY = `Echo: ${PROMPT}`;

export interface Scenario {
  name: 'non-streaming' | 'streaming';
  body: string;
  /**
   * The check run on every response under load; it must stay cheap, since the load generator shares
   * the two cores with the gateway. `verifyScenario` parses one response fully first.
   */
  accepts(body: string): boolean;
}

function chatBody(stream: boolean): string {
  return JSON.stringify({
    model: 'gpt-4o-mini',
    messages: [{ role: 'user', content: PROMPT }],
    ...(stream ? { stream: true } : {}),
  });
}

export const SCENARIOS: Scenario[] = [
  {
    name: 'non-streaming',
    body: chatBody(false),
    accepts: (body) => body.includes(`"content":"${REPLY}"`),
  },
  {
    name: 'streaming',
    body: chatBody(true),
    accepts: (body) => body.trimEnd().endsWith('data: [DONE]') && !body.includes('"error"'),
  },
];

export function requestHeaders(target: Target): Record<string, string> {
  return { ...target.headers, 'content-type': 'application/json' };
}

interface ChatCompletion {
  choices?: { message?: { content?: unknown }; delta?: { content?: unknown } }[];
}

/** The streamed text, from every `data:` frame before `[DONE]`; throws when the stream does not end with it. */
function streamedText(body: string): string {
  const frames = body
    .split('\n')
    .filter((line) => line.startsWith('data:'))
    .map((line) => line.slice('data:'.length).trim());
  if (frames.at(-1) !== '[DONE]') throw new Error(`stream did not end with data: [DONE]:\n${body}`);
  return frames
    .slice(0, -1)
    .map((frame) => (JSON.parse(frame) as ChatCompletion).choices?.[0]?.delta?.content)
    .filter((piece): piece is string => typeof piece === 'string')
    .join('');
}

/**
 * One request through the target, checked fully (status, content type, the echoed text), before any
 * measurement: a fast error is not a result. Also checks that the cheap per-response check agrees.
 */
export async function verifyScenario(target: Target, scenario: Scenario): Promise<void> {
  const response = await fetch(`${target.url}/v1/chat/completions`, {
    method: 'POST',
    headers: requestHeaders(target),
    body: scenario.body,
  });
  const body = await response.text();
  const where = `${target.name}, ${scenario.name}`;
  if (response.status !== 200) throw new Error(`${where}: status ${response.status}: ${body}`);
  const type = response.headers.get('content-type') ?? '';
  const stream = scenario.name === 'streaming';
  if (!type.startsWith(stream ? 'text/event-stream' : 'application/json'))
    throw new Error(`${where}: unexpected content-type ${type}`);
  const text = stream ? streamedText(body) : (JSON.parse(body) as ChatCompletion).choices?.[0]?.message?.content;
  if (text !== REPLY) throw new Error(`${where}: expected the reply "${REPLY}", got ${JSON.stringify(text)}`);
  if (!scenario.accepts(body)) throw new Error(`${where}: the per-response check rejects a good response:\n${body}`);
}
