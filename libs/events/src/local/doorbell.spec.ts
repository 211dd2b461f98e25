import { Doorbell, Idle } from './doorbell';

describe('Doorbell and Idle', () => {
  const settled = async (promise: Promise<void>): Promise<boolean> => {
    let done = false;
    void promise.then(() => (done = true));
    await new Promise((resolve) => setImmediate(resolve));
    return done;
  };

  it('wakes whoever listens when it rings, and only them', async () => {
    const bell = new Doorbell();
    bell.ring();
    const idle = new Idle();
    const waiting = idle.until({ bell });
    expect(await settled(waiting)).toBe(false);
    bell.ring();
    expect(await settled(waiting)).toBe(true);
  });

  it('ends a wait on its timer or on interrupt', async () => {
    const bell = new Doorbell();
    const idle = new Idle();
    const interrupted = idle.until({ bell, ms: 60_000 });
    idle.interrupt();
    expect(await settled(interrupted)).toBe(true);
    const timed = idle.until({ ms: 1 });
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(await settled(timed)).toBe(true);
  });
});
