import { ConfigIssue } from '@gatehouse/config';
import { parse } from 'yaml';
import { actionOf, isMapping, listOf, Mapping } from './entry-fields';
import { FilterAction } from './finding';
import { BlockedWord } from './keyword-scanner';

export interface BlockedWordEntry {
  readonly action: FilterAction;
  readonly word: BlockedWord;
}

/** Reads a local file's text; the factory's one piece of I/O, passed in so the parsing stays testable. */
export type ReadText = (path: string) => string;

/** `blocked_words` and the entries of `blocked_words_file`, read now so a missing file stops start-up. */
export function parseBlockedWords(
  params: Mapping,
  at: string,
  readText: ReadText,
  issues: ConfigIssue[],
): BlockedWordEntry[] {
  const listed = entriesOf(listOf(params.blocked_words, `${at}.blocked_words`, issues), `${at}.blocked_words`, issues);
  const file = params.blocked_words_file;
  if (file === undefined) return listed;
  if (typeof file !== 'string' || file.trim() === '') {
    issues.push({ location: `${at}.blocked_words_file`, message: 'must be the path of a YAML file' });
    return listed;
  }
  return [...listed, ...fileEntries(file, `${at}.blocked_words_file`, readText, issues)];
}

/**
 * The file holds a list of `{keyword, action, description}`, or LiteLLM's form, a mapping whose
 * `blocked_words` is that list. Its entries' issues are located in the file: `words.yaml[3].action`.
 */
function fileEntries(path: string, at: string, readText: ReadText, issues: ConfigIssue[]): BlockedWordEntry[] {
  let document: unknown;
  try {
    document = parse(readText(path));
  } catch (error) {
    issues.push({
      location: at,
      message: `cannot read ${path}: ${error instanceof Error ? error.message : String(error)}`,
    });
    return [];
  }
  if (Array.isArray(document)) return entriesOf(document as unknown[], path, issues);
  if (isMapping(document) && Array.isArray(document.blocked_words))
    return entriesOf(document.blocked_words as unknown[], `${path} blocked_words`, issues);
  issues.push({ location: at, message: `${path} must hold a list of blocked words (or a mapping with blocked_words)` });
  return [];
}

function entriesOf(list: readonly unknown[], at: string, issues: ConfigIssue[]): BlockedWordEntry[] {
  return list.flatMap((entry, index) => {
    const location = `${at}[${index}]`;
    if (!isMapping(entry)) {
      issues.push({ location, message: 'must be a mapping with keyword and action' });
      return [];
    }
    const keyword = typeof entry.keyword === 'string' ? entry.keyword.trim() : '';
    if (keyword === '')
      issues.push({ location: `${location}.keyword`, message: 'is required: the word or phrase to look for' });
    const action = actionOf(entry.action, `${location}.action`, issues);
    const description =
      typeof entry.description === 'string' && entry.description.trim() !== '' ? entry.description.trim() : undefined;
    return keyword && action ? [{ action, word: { keyword, description } }] : [];
  });
}
