import { isObject } from './json';

const MAX_DEPTH = 4;

/**
 * A small value that satisfies a JSON schema's basic shape (type, enum, const, required
 * properties, nested objects and arrays). Used for forced tool-call arguments and json_schema
 * replies, so the gateway and its clients get parseable, schema-shaped JSON back. Strings are `text`.
 */
export function sampleFromSchema(schema: unknown, text = 'fake', depth = 0): unknown {
  if (!isObject(schema) || depth > MAX_DEPTH) return {};
  if (schema.const !== undefined) return schema.const;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0] as unknown;
  const variants = schema.anyOf ?? schema.oneOf;
  if (Array.isArray(variants) && variants.length > 0) return sampleFromSchema(variants[0], text, depth + 1);
  const type = Array.isArray(schema.type) ? (schema.type as unknown[])[0] : schema.type;
  switch (type) {
    case 'string':
      return text;
    case 'integer':
    case 'number':
      return typeof schema.minimum === 'number' ? schema.minimum : 1;
    case 'boolean':
      return true;
    case 'null':
      return null;
    case 'array': {
      const count = typeof schema.minItems === 'number' ? schema.minItems : 0;
      return Array.from({ length: count }, () => sampleFromSchema(schema.items, text, depth + 1));
    }
    default:
      return sampleObject(schema, text, depth);
  }
}

function sampleObject(schema: Record<string, unknown>, text: string, depth: number): Record<string, unknown> {
  const properties = isObject(schema.properties) ? schema.properties : {};
  const names = Array.isArray(schema.required)
    ? (schema.required as unknown[]).filter((name): name is string => typeof name === 'string')
    : Object.keys(properties);
  const value: Record<string, unknown> = {};
  for (const name of names) value[name] = sampleFromSchema(properties[name], text, depth + 1);
  return value;
}
