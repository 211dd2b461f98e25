import { ConfigIssue } from '@gatehouse/config';
import { readFileSync } from 'node:fs';
import { EngineFactory } from '../engine-factory';
import { GuardrailEngine } from '../guardrail-engine';
import { BlockedWordEntry, parseBlockedWords, ReadText } from './blocked-words';
import { ContentFilterEngine } from './content-filter.engine';
import { FilterAction, Scanner } from './finding';
import { KeywordScanner } from './keyword-scanner';
import { parsePatterns } from './pattern-entries';

/** `guardrail: litellm_content_filter`, configured as LiteLLM configures it. */
export const contentFilterFactory: EngineFactory = (name, params, at) =>
  buildContentFilter(name, params, at, (path) => readFileSync(path, 'utf8'));

/** The factory with its file reading passed in. */
export function buildContentFilter(
  name: string,
  params: Readonly<Record<string, unknown>>,
  at: string,
  readText: ReadText,
): { engine: GuardrailEngine } | { issues: ConfigIssue[] } {
  const issues: ConfigIssue[] = [];
  const patterns = parsePatterns(params.patterns, `${at}.patterns`, issues);
  const words = parseBlockedWords(params, at, readText, issues);
  if (issues.length > 0) return { issues };
  if (patterns.length === 0 && words.length === 0)
    return {
      issues: [{ location: at, message: 'checks nothing: give patterns, blocked_words or blocked_words_file' }],
    };
  const scannersFor = (action: FilterAction): Scanner[] => [
    ...patterns.filter((entry) => entry.action === action).map((entry) => entry.scanner),
    ...keywordScanner(words.filter((entry) => entry.action === action)),
  ];
  return { engine: new ContentFilterEngine(name, scannersFor('block'), scannersFor('mask')) };
}

/** One scanner for all of an action's words, so they cost one pass. */
function keywordScanner(entries: readonly BlockedWordEntry[]): Scanner[] {
  return entries.length > 0 ? [new KeywordScanner(entries.map((entry) => entry.word))] : [];
}
