import { z } from 'zod';

const NUMERIC = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const TRUE_WORDS = new Set(['true', 'yes', 'on']);
const BOOLEAN_WORDS = new Set(['true', 'false', 'yes', 'no', 'on', 'off']);

// Values resolved from `os.environ/` arrive as strings, so numeric and boolean fields accept their
// string forms; yes/no/on/off are accepted because LiteLLM reads YAML 1.1, where they are booleans.
function fromNumericString(value: unknown): unknown {
  return typeof value === 'string' && NUMERIC.test(value.trim()) ? Number(value) : value;
}

function fromBooleanString(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const word = value.trim().toLowerCase();
  return BOOLEAN_WORDS.has(word) ? TRUE_WORDS.has(word) : value;
}

export const numberLike = z.preprocess(fromNumericString, z.number());
export const countLike = z.preprocess(fromNumericString, z.number().int().nonnegative());
export const secondsLike = z.preprocess(fromNumericString, z.number().positive());
export const booleanLike = z.preprocess(fromBooleanString, z.boolean());

/** Error messages for operators: what was expected and what kind of value was found, never the value itself. */
export const operatorErrorMap: z.core.$ZodErrorMap = (issue) => {
  if (issue.code !== 'invalid_type') return undefined;
  if (issue.input === undefined) return 'is required';
  return `expected ${issue.expected}, got ${kindOf(issue.input)}`;
};

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return typeof value;
}
