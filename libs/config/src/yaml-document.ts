import { parseDocument } from 'yaml';
import { ConfigError, ConfigIssue, errorMessage } from './config-error';

/**
 * Parses YAML the way LiteLLM's files are written: `<<` merge keys work (PyYAML supports them), and
 * every syntax error is reported with its line and column.
 */
export function parseYaml(text: string, source: string): unknown {
  const doc = parseDocument(text, { merge: true, prettyErrors: true });
  if (doc.errors.length > 0) throw invalidYaml(source, doc.errors.map(toIssue));
  try {
    return doc.toJS();
  } catch (error) {
    // Raised for aliases to missing anchors and alias expansion beyond the safety limit.
    throw invalidYaml(source, [{ location: 'YAML', message: errorMessage(error) }]);
  }
}

function toIssue(error: { message: string; linePos?: [{ line: number; col: number }, ...unknown[]] }): ConfigIssue {
  const position = error.linePos?.[0];
  const location = position ? `line ${position.line}, column ${position.col}` : 'YAML';
  // The library appends " at line L, column C:" and a source excerpt; the location already says that.
  const message = error.message.split(/ at line \d+, column \d+/)[0].trim();
  return { location, message };
}

function invalidYaml(source: string, issues: ConfigIssue[]): ConfigError {
  return new ConfigError(`Invalid YAML in gateway config ${source}`, issues);
}
