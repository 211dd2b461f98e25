import { ConfigIssue } from '@gatehouse/config';
import { EngineFactory } from '../engine-factory';
import { DenyListEngine } from './deny-list.engine';

/** `guardrail: deny_list` with `terms: [...]`, the words and phrases to block. */
export const denyListFactory: EngineFactory = (name, params, at) => {
  const location = `${at}.terms`;
  if (!Array.isArray(params.terms) || params.terms.length === 0)
    return { issues: [{ location, message: 'is required: a list of the words and phrases to block' }] };
  const issues: ConfigIssue[] = [];
  const terms = (params.terms as unknown[]).flatMap((term, index) => {
    if (typeof term === 'string' && term.trim() !== '') return [term.trim()];
    issues.push({ location: `${location}[${index}]`, message: 'must be a non-empty string' });
    return [];
  });
  return issues.length > 0 ? { issues } : { engine: new DenyListEngine(name, terms) };
};
