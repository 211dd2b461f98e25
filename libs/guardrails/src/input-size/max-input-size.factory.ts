import { EngineFactory } from '../engine-factory';
import { MaxInputSizeEngine } from './max-input-size.engine';

/** `guardrail: max_input_size` with `max_chars`, the most characters a request's texts may hold together. */
export const maxInputSizeFactory: EngineFactory = (name, params, at) => {
  // `os.environ/` references arrive as strings.
  const value = typeof params.max_chars === 'string' ? Number(params.max_chars.trim()) : params.max_chars;
  if (typeof value === 'number' && Number.isSafeInteger(value) && value > 0)
    return { engine: new MaxInputSizeEngine(name, value) };
  const message =
    params.max_chars === undefined
      ? 'is required: the most characters a request may send'
      : 'must be a positive whole number of characters';
  return { issues: [{ location: `${at}.max_chars`, message }] };
};
