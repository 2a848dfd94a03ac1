/** A FIFO counting semaphore: at most `limit` holders at a time, waiters served in arrival order. */
export class Semaphore {
  private holders = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new Error(`semaphore limit must be a positive integer, got ${limit}`);
  }

  get inUse(): number {
    return this.holders;
  }

  get queued(): number {
    return this.waiting.length;
  }

  /** Resolves with a release function once a slot is free; releasing twice is harmless. */
  async acquire(): Promise<() => void> {
    if (this.holders < this.limit) this.holders++;
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.handOver();
    };
  }

  async use<T>(work: () => Promise<T>): Promise<T> {
    const release = await this.acquire();
    try {
      return await work();
    } finally {
      release();
    }
  }

  // The slot passes straight to the next waiter, so a newcomer can never overtake the queue.
  private handOver(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.holders--;
  }
}
