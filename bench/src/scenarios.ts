import { Target } from './targets';

const PROMPT = 'hello';

export interface Scenario {
  name: 'non-streaming' | 'streaming';
  body: string;
  /** The fake upstream echoes the last user message (libs/testing/src/fake-upstream/README.md). */
  reply: string;
  /**
   * The check run on every response under load; it must stay cheap, since the load generator shares
   * the two cores with the gateway. `verifyScenario` parses one response fully first.
   */
  accepts(body: string): boolean;
}

function chatBody(prompt: string, stream: boolean): string {
  return JSON.stringify({
    model: 'gpt-4o-mini',
    messages: [{ role: 'user', content: prompt }],
    ...(stream ? { stream: true } : {}),
  });
}

/** Both scenarios, asking `prompt`. */
export function scenariosFor(prompt: string): Scenario[] {
  const reply = `Echo: ${prompt}`;
  const replied = JSON.stringify(reply).slice(1, -1);
  return [
    {
      name: 'non-streaming',
      body: chatBody(prompt, false),
      reply,
      accepts: (body) => body.includes(`"content":"${replied}"`),
    },
    {
      name: 'streaming',
      body: chatBody(prompt, true),
      reply,
      accepts: (body) => body.trimEnd().endsWith('data: [DONE]') && !body.includes('"error"'),
    },
  ];
}

export const SCENARIOS: Scenario[] = scenariosFor(PROMPT);

/** The scenario as a target asks it: the same kind of call with the target's own prompt, if it has one. */
export function scenarioFor(target: Target, scenario: Scenario): Scenario {
  if (target.prompt === undefined) return scenario;
  return scenariosFor(target.prompt).find((own) => own.name === scenario.name)!;
}

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
  if (text !== scenario.reply)
    throw new Error(`${where}: expected the reply ${JSON.stringify(scenario.reply)}, got ${JSON.stringify(text)}`);
  if (!scenario.accepts(body)) throw new Error(`${where}: the per-response check rejects a good response:\n${body}`);
}
