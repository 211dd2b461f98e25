/**
 * Wakes idle consumers when a publish lands. Ringing costs nothing while nobody waits, which is the
 * common case on the request path (consumers are busy or lingering).
 */
export class Doorbell {
  private readonly waiting = new Set<() => void>();

  ring(): void {
    if (this.waiting.size === 0) return;
    const woken = [...this.waiting];
    this.waiting.clear();
    for (const wake of woken) wake();
  }

  listen(wake: () => void): void {
    this.waiting.add(wake);
  }

  forget(wake: () => void): void {
    this.waiting.delete(wake);
  }
}

/**
 * One consumer's wait: ends on the doorbell (when given), after `ms` (when given), or on interrupt.
 * A consumer keeps one, so `stop` can cut short whatever it is waiting for.
 */
export class Idle {
  private wake: (() => void) | undefined;

  until(options: { bell?: Doorbell; ms?: number }): Promise<void> {
    return new Promise((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      const done = (): void => {
        clearTimeout(timer);
        options.bell?.forget(done);
        if (this.wake === done) this.wake = undefined;
        resolve();
      };
      this.wake = done;
      if (options.ms !== undefined) timer = setTimeout(done, options.ms);
      options.bell?.listen(done);
    });
  }

  interrupt(): void {
    this.wake?.();
  }
}
