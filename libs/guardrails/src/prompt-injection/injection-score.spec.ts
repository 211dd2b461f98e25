import { ATTACKS, BENIGN } from './injection-cases.fixture';
import { scoreInjection } from './injection-score';
import { INJECTION_SIGNALS } from './injection-signals';

/** Every signal tried, each family at its strongest: what scoring would find without stopping early. */
function fullScore(text: string): { score: number; families: string[] } {
  const weights = new Map<string, number>();
  for (const { family, weight, pattern } of INJECTION_SIGNALS)
    if (pattern.test(text)) weights.set(family, Math.max(weight, weights.get(family) ?? 0));
  return { score: [...weights.values()].reduce((sum, weight) => sum + weight, 0), families: [...weights.keys()] };
}

const texts = [...ATTACKS.map(([text]) => text), ...BENIGN];
const thresholds = [0.5, 1, 2, 2.5, 3, 4, 5, 6, 7];

describe('scoreInjection', () => {
  it.each(texts)('stops early only when the verdict is settled: %j', (text) => {
    const full = fullScore(text);
    for (const threshold of thresholds) {
      const { score, families } = scoreInjection(text, threshold);
      expect({ threshold, blocks: score >= threshold }).toEqual({ threshold, blocks: full.score >= threshold });
      // A block's score and families are the full ones, as the detail reports them.
      if (full.score >= threshold) expect({ score, families }).toEqual(full);
      else expect(score).toBeLessThanOrEqual(full.score);
    }
  });

  it('stops before the weak signals once the threshold is out of reach', () => {
    // role_play (weight 1) matches, but nothing else does: at 3 scoring gives up before trying it.
    expect(scoreInjection("Let's role-play a story.", 3)).toEqual({ score: 0, families: [] });
    expect(scoreInjection("Let's role-play a story.", 1)).toEqual({ score: 1, families: ['role_play'] });
  });
});
