import { FifoLock } from './fifo-lock';

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('FifoLock', () => {
  it('lets one holder in at a time', async () => {
    const lock = new FifoLock();
    const unlockFirst = await lock.acquire();
    let secondIn = false;
    const second = lock.acquire().then((unlock) => {
      secondIn = true;
      return unlock;
    });
    await tick();
    expect(secondIn).toBe(false);
    unlockFirst();
    (await second)();
    expect(secondIn).toBe(true);
  });

  it('serves waiters in the order they asked, even when a newcomer asks at release time', async () => {
    const lock = new FifoLock();
    const order: string[] = [];
    const unlock = await lock.acquire();
    const waiters = ['a', 'b', 'c'].map((name) =>
      lock.acquire().then((release) => {
        order.push(name);
        release();
      }),
    );
    unlock();
    const late = lock.acquire().then((release) => {
      order.push('late');
      release();
    });
    await Promise.all([...waiters, late]);
    expect(order).toEqual(['a', 'b', 'c', 'late']);
  });

  it('ignores a second release of the same hold', async () => {
    const lock = new FifoLock();
    const unlock = await lock.acquire();
    const next = lock.acquire();
    unlock();
    unlock();
    const unlockNext = await next;
    let thirdIn = false;
    const third = lock.acquire().then((release) => {
      thirdIn = true;
      release();
    });
    await tick();
    expect(thirdIn).toBe(false);
    unlockNext();
    await third;
    expect(thirdIn).toBe(true);
  });
});
