import { ConfigIssue } from '@gatehouse/config';
import { FilterAction } from './finding';

export type Mapping = Readonly<Record<string, unknown>>;

export function isMapping(value: unknown): value is Mapping {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const ACTIONS: readonly string[] = ['BLOCK', 'MASK'];

/** An entry's `action`, which LiteLLM spells in capitals and we accept in any case. */
export function actionOf(value: unknown, location: string, issues: ConfigIssue[]): FilterAction | undefined {
  const action = typeof value === 'string' ? value.trim().toUpperCase() : undefined;
  if (action !== undefined && ACTIONS.includes(action)) return action === 'BLOCK' ? 'block' : 'mask';
  issues.push({
    location,
    message: value === undefined ? `is required (${ACTIONS.join(' or ')})` : `must be ${ACTIONS.join(' or ')}`,
  });
  return undefined;
}

/** A list field, or an issue when it is set to anything else; absent is an empty list. */
export function listOf(value: unknown, location: string, issues: ConfigIssue[]): readonly unknown[] {
  if (value === undefined) return [];
  if (Array.isArray(value)) return value as unknown[];
  issues.push({ location, message: 'must be a list' });
  return [];
}
