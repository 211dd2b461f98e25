import { ConfigIssue } from '@gatehouse/config';
import { actionOf, isMapping, listOf, Mapping } from './entry-fields';
import { FilterAction, Scanner } from './finding';
import { PatternScanner } from './pattern-scanner';
import { PREBUILT_PATTERNS } from './prebuilt-patterns';

export interface PatternEntry {
  readonly action: FilterAction;
  readonly scanner: Scanner;
}

const PATTERN_TYPES = ['prebuilt', 'regex'];
/** LiteLLM's name for a custom regex that names none. */
const DEFAULT_REGEX_NAME = 'custom_regex';

/** The `patterns` list: each entry a prebuilt pattern by name or a custom regex, compiled now. */
export function parsePatterns(value: unknown, at: string, issues: ConfigIssue[]): PatternEntry[] {
  return listOf(value, at, issues).flatMap((entry, index) => {
    const location = `${at}[${index}]`;
    if (!isMapping(entry)) {
      issues.push({ location, message: 'must be a mapping with pattern_type, pattern_name or pattern, and action' });
      return [];
    }
    const action = actionOf(entry.action, `${location}.action`, issues);
    const scanner = scannerFor(entry, location, issues);
    return action && scanner ? [{ action, scanner }] : [];
  });
}

function scannerFor(entry: Mapping, at: string, issues: ConfigIssue[]): Scanner | undefined {
  switch (entry.pattern_type) {
    case 'prebuilt':
      return prebuiltScanner(entry.pattern_name, `${at}.pattern_name`, issues);
    case 'regex':
      return regexScanner(entry, at, issues);
    default:
      issues.push({
        location: `${at}.pattern_type`,
        message: `${entry.pattern_type === undefined ? 'is required' : 'is not one this gateway knows'} (it knows ${PATTERN_TYPES.join(', ')})`,
      });
      return undefined;
  }
}

function prebuiltScanner(name: unknown, location: string, issues: ConfigIssue[]): Scanner | undefined {
  const pattern = typeof name === 'string' ? PREBUILT_PATTERNS.get(name) : undefined;
  if (typeof name === 'string' && pattern)
    return new PatternScanner({ name, label: `${pattern.label} (${name})` }, pattern.scans);
  const known = [...PREBUILT_PATTERNS.keys()].join(', ');
  const problem = name === undefined ? 'is required for a prebuilt pattern' : 'is not a prebuilt pattern';
  issues.push({ location, message: `${problem} (they are ${known})` });
  return undefined;
}

/** Case-insensitive, as LiteLLM compiles custom patterns. */
function regexScanner(entry: Mapping, at: string, issues: ConfigIssue[]): Scanner | undefined {
  const name = entry.name ?? DEFAULT_REGEX_NAME;
  if (typeof name !== 'string' || name.trim() === '') {
    issues.push({ location: `${at}.name`, message: 'must be a non-empty string' });
    return undefined;
  }
  if (typeof entry.pattern !== 'string' || entry.pattern === '') {
    issues.push({ location: `${at}.pattern`, message: 'is required for a regex pattern: the regex to look for' });
    return undefined;
  }
  let regex: RegExp;
  try {
    regex = new RegExp(entry.pattern, 'gi');
  } catch (error) {
    issues.push({
      location: `${at}.pattern`,
      message: `is not a valid regex: ${error instanceof Error ? error.message : String(error)}`,
    });
    return undefined;
  }
  return new PatternScanner({ name, label: `a match for ${name}` }, [{ regex }]);
}
