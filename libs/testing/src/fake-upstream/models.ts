import { modelNotFound } from './errors';

/** `created` timestamps are those of the real models' listings; the fake accepts any model in requests. */
const MODELS: ReadonlyArray<{ id: string; created: number }> = [
  { id: 'gpt-4o', created: 1715367049 },
  { id: 'gpt-4o-mini', created: 1721172741 },
  { id: 'gpt-4.1', created: 1744316542 },
  { id: 'gpt-4.1-mini', created: 1744318173 },
  { id: 'o3-mini', created: 1737146383 },
  { id: 'text-embedding-3-small', created: 1705948997 },
  { id: 'text-embedding-3-large', created: 1705953180 },
];

const MODEL_JSON = new Map(
  MODELS.map(({ id, created }) => [id, JSON.stringify({ id, object: 'model', created, owned_by: 'system' })]),
);

/** Precomputed: the list never changes. */
const LIST_JSON = `{"object":"list","data":[${[...MODEL_JSON.values()].join(',')}]}`;

export function listModels(): string {
  return LIST_JSON;
}

export function retrieveModel(id: string): string {
  const json = MODEL_JSON.get(id);
  if (json === undefined) throw modelNotFound(id);
  return json;
}

export const FAKE_MODEL_IDS: readonly string[] = MODELS.map((model) => model.id);
