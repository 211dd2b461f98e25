import { ModelCatalog } from '../catalog/model-catalog';
import { MemoryRoutingStats } from '../routing/stats/memory-routing-stats';
import { SimpleShuffle } from '../routing/strategies/simple-shuffle';
import { Cooldowns } from './cooldowns';
import { DeploymentRouter } from './route';

/** LiteLLM's default router over a catalogue, for specs about everything but routing. */
export function simpleRouter(catalog: ModelCatalog, cooldowns = new Cooldowns(), random?: () => number) {
  return new DeploymentRouter(catalog, cooldowns, {
    strategy: new SimpleShuffle(),
    stats: new MemoryRoutingStats(),
    trackStats: false,
    tagFiltering: false,
    preCallChecks: false,
    random,
  });
}
