import { deploymentsThatFit, fitsContextWindow } from './context-window';
import { RoutedDeployment } from './model-catalog';

const deployment = (id: string, maxInputTokens?: number): RoutedDeployment => ({
  id,
  modelName: 'chat',
  provider: 'openai',
  providerModel: 'gpt-4o',
  weight: 1,
  price: { inputPerMillion: 0, outputPerMillion: 0, maxOutputTokens: 0 },
  maxInputTokens,
});

describe('fitsContextWindow', () => {
  it('fits a prompt up to the window, and any prompt where the window is unknown', () => {
    expect(fitsContextWindow(deployment('a', 8_192), 8_192)).toBe(true);
    expect(fitsContextWindow(deployment('a', 8_192), 8_193)).toBe(false);
    expect(fitsContextWindow(deployment('a'), 1_000_000)).toBe(true);
  });
});

describe('deploymentsThatFit', () => {
  const small = deployment('small', 8_192);
  const large = deployment('large', 128_000);
  const unknown = deployment('unknown');

  it('keeps the deployments whose window takes the prompt, and those of unknown window', () => {
    expect(deploymentsThatFit([small, large, unknown], () => 10_000)).toEqual([large, unknown]);
    expect(deploymentsThatFit([small], () => 10_000)).toEqual([]);
  });

  it('counts the prompt only when some deployment states a window', () => {
    const group = [unknown];
    const count = jest.fn(() => 10);
    expect(deploymentsThatFit(group, count)).toBe(group);
    expect(count).not.toHaveBeenCalled();
  });

  it('returns the group itself when every deployment fits', () => {
    const group = [small, large];
    expect(deploymentsThatFit(group, () => 100)).toBe(group);
  });
});
