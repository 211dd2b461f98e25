/** Gives the lock up; calling it again does nothing. */
export type Unlock = () => void;

/**
 * One holder at a time, served in the order they asked. A release hands the lock straight to the
 * next waiter, so a newcomer can never slip in between and starve the queue.
 */
export class FifoLock {
  private held = false;
  private readonly waiting: (() => void)[] = [];

  acquire(): Promise<Unlock> {
    return new Promise((resolve) => {
      const grant = (): void => resolve(this.unlocker());
      if (this.held) {
        this.waiting.push(grant);
      } else {
        this.held = true;
        grant();
      }
    });
  }

  private unlocker(): Unlock {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiting.shift();
      if (next) next();
      else this.held = false;
    };
  }
}
