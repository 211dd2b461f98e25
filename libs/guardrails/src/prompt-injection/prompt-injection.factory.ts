import { EngineFactory } from '../engine-factory';
import { PromptInjectionEngine } from './prompt-injection.engine';

/**
 * One strong signal ("ignore all previous instructions") blocks on its own, as do a medium and a
 * weak one together; a single benign mention ("what is a system prompt?") scores below it.
 */
const DEFAULT_THRESHOLD = 3;

/** `guardrail: prompt_injection`, with an optional `threshold` score at which a text is blocked. */
export const promptInjectionFactory: EngineFactory = (name, params, at) => {
  // `os.environ/` references arrive as strings.
  const raw = params.threshold ?? DEFAULT_THRESHOLD;
  const threshold = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
  if (typeof threshold === 'number' && Number.isFinite(threshold) && threshold > 0)
    return { engine: new PromptInjectionEngine(name, threshold) };
  return {
    issues: [
      {
        location: `${at}.threshold`,
        message: `must be a positive number, the score at which a text is blocked (default ${DEFAULT_THRESHOLD}: one strong signal)`,
      },
    ],
  };
};
