import { invalidArgument } from './errors';
import type { GenerateRequest, GeminiPartIn } from './request';

const CHARS_PER_TOKEN = 4;
const tokens = (chars: number): number => Math.ceil(chars / CHARS_PER_TOKEN);

interface Answer {
  text?: string;
  call?: { name: string; args: Record<string, unknown> };
  finishReason: 'STOP' | 'MAX_TOKENS';
}

/** `Tool said: <result>` when the last user turn carries tool results, else the echo contract. */
function replyText(parts: GeminiPartIn[], jsonMode: boolean): string {
  const results = parts.flatMap((part) => (part.functionResponse ? [part.functionResponse.response] : []));
  if (results.length > 0) {
    return `Tool said: ${results
      .map((r) => {
        const values = Object.values(r);
        return values.length === 1 && typeof values[0] === 'string' ? values[0] : JSON.stringify(r);
      })
      .join(' ')}`;
  }
  const pieces = parts.flatMap((part) => {
    if (typeof part.text === 'string') return [part.text];
    const mime = part.inlineData?.mimeType ?? part.fileData?.mimeType ?? '';
    return mime.startsWith('image/') ? ['[image]'] : [];
  });
  const text = pieces.join(' ');
  return jsonMode ? JSON.stringify({ echo: text }) : `Echo: ${text}`;
}

function answer(request: GenerateRequest): Answer {
  if (request.forcedTool) return { call: { name: request.forcedTool, args: { city: 'Paris' } }, finishReason: 'STOP' };
  const text = replyText(request.lastUserParts, request.jsonMode);
  const max = request.maxOutputTokens;
  if (max !== undefined && tokens(text.length) > max) {
    return { text: text.slice(0, max * CHARS_PER_TOKEN), finishReason: 'MAX_TOKENS' };
  }
  return { text, finishReason: 'STOP' };
}

function usage(request: GenerateRequest, a: Answer, count: number) {
  const prompt = Math.max(1, tokens(request.promptChars));
  const each = tokens(a.text?.length ?? JSON.stringify(a.call).length);
  return { promptTokenCount: prompt, candidatesTokenCount: each * count, totalTokenCount: prompt + each * count };
}

function candidate(index: number, parts: unknown[], finishReason?: string) {
  return { content: { role: 'model', parts }, ...(finishReason ? { finishReason } : {}), index };
}

const partOf = (a: Answer) => (a.call ? { functionCall: a.call } : { text: a.text ?? '' });

export function renderGenerate(request: GenerateRequest, model: string, responseId: string): string {
  const a = answer(request);
  const candidates = Array.from({ length: request.candidateCount }, (_, i) =>
    candidate(i, [partOf(a)], a.finishReason),
  );
  return JSON.stringify({
    candidates,
    usageMetadata: usage(request, a, request.candidateCount),
    modelVersion: model,
    responseId,
  });
}

/** SSE frames (`data: …\r\n\r\n`, as Google sends them); usage so far on each, the full count on the last. */
export function scriptStream(request: GenerateRequest, model: string, responseId: string, chunks: number): string[] {
  const a = answer(request);
  const full = usage(request, a, request.candidateCount);
  const pieces = a.call ? [partOf(a)] : split(a.text ?? '', chunks).map((text) => ({ text }));
  const frame = (parts: unknown[], last: boolean) => {
    const candidates = Array.from({ length: request.candidateCount }, (_, i) =>
      candidate(i, parts, last ? a.finishReason : undefined),
    );
    const usageMetadata = last
      ? full
      : { promptTokenCount: full.promptTokenCount, totalTokenCount: full.promptTokenCount };
    return `data: ${JSON.stringify({ candidates, usageMetadata, modelVersion: model, responseId })}\r\n\r\n`;
  };
  return pieces.map((piece, i) => frame([piece], i === pieces.length - 1));
}

function split(text: string, count: number): string[] {
  if (text === '') return [''];
  const parts = Math.min(Math.max(1, count), text.length);
  return Array.from({ length: parts }, (_, i) =>
    text.slice(Math.floor((i * text.length) / parts), Math.floor(((i + 1) * text.length) / parts)),
  );
}

/** Deterministic unit vectors, 8 dimensions unless outputDimensionality says otherwise. */
export function renderBatchEmbed(body: unknown, model: string): string {
  const requests = (body as { requests?: unknown }).requests;
  if (!Array.isArray(requests) || requests.length === 0) {
    throw invalidArgument('* BatchEmbedContentsRequest.requests: must not be empty');
  }
  const embeddings = requests.map((item: unknown, i) => {
    const r = item as { model?: unknown; content?: { parts?: { text?: unknown }[] }; outputDimensionality?: unknown };
    if (r.model !== `models/${model}`) {
      throw invalidArgument(
        `* BatchEmbedContentsRequest.requests[${i}].model: must be 'models/${model}', the model in the URL`,
      );
    }
    const text = r.content?.parts?.map((part) => part.text).join(' ');
    if (!text) throw invalidArgument(`* BatchEmbedContentsRequest.requests[${i}].content: text parts are required`);
    return { values: vector(text, typeof r.outputDimensionality === 'number' ? r.outputDimensionality : 8) };
  });
  return JSON.stringify({ embeddings });
}

function vector(text: string, dimensions: number): number[] {
  const raw = Array.from({ length: dimensions }, (_, i) => Math.sin((text.charCodeAt(i % text.length) + 1) * (i + 1)));
  const norm = Math.hypot(...raw) || 1;
  return raw.map((value) => value / norm);
}
