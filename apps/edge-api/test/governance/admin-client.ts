/** LiteLLM-style management calls against one edge-api replica, as an operator's script makes them. */
export interface AdminReply<T> {
  status: number;
  body: T;
  headers: Headers;
}

export async function adminCall<T = Record<string, unknown>>(
  baseUrl: string,
  key: string,
  method: 'GET' | 'POST',
  path: string,
  payload?: unknown,
): Promise<AdminReply<T>> {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${key}`,
      ...(payload === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: payload === undefined ? undefined : JSON.stringify(payload),
  });
  return { status: response.status, body: (await response.json()) as T, headers: response.headers };
}

export interface ChatReply {
  status: number;
  headers: Headers;
  body: { error?: { type: string; code: string | null; message: string }; usage?: { total_tokens: number } };
}

/** One chat completion with a given key, answered whatever its status. */
export async function chat(
  baseUrl: string,
  key: string,
  model: string,
  content: string,
  maxTokens = 16,
): Promise<ChatReply> {
  const response = await fetch(`${baseUrl}/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify({ model, messages: [{ role: 'user', content }], max_tokens: maxTokens }),
  });
  return { status: response.status, headers: response.headers, body: (await response.json()) as ChatReply['body'] };
}

export async function generateKey(
  baseUrl: string,
  masterKey: string,
  payload: Record<string, unknown>,
): Promise<string> {
  const reply = await adminCall<{ key?: string }>(baseUrl, masterKey, 'POST', '/key/generate', payload);
  if (reply.status !== 200 || !reply.body.key)
    throw new Error(`key/generate answered ${reply.status}: ${JSON.stringify(reply.body)}`);
  return reply.body.key;
}
