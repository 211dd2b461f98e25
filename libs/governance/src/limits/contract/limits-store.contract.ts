import { describeAgeing } from './ageing';
import { describeCounting } from './counting';
import { OpenFixture } from './fixture';

export type { KeyProbe, LimitsStoreFixture, OpenFixture } from './fixture';

/**
 * The scenarios every `LimitsStore` binding must pass, declared as describe blocks. `open` is
 * called before each scenario and returns two replicas over fresh, shared state.
 */
export function describeLimitsStoreContract(name: string, open: OpenFixture): void {
  describe(name, () => {
    describe('counting', () => describeCounting(open));
    describe('ageing', () => describeAgeing(open));
  });
}
