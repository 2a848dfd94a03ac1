/**
 * Lets performance tests measure alone: while one measures (exclusive), no other test of this runner
 * runs (shared), on any VM or run — namespace VMs share the host's CPUs, and a busy neighbour inflates
 * even CPU time. Waiting exclusive holders go first, so a stream of short tests cannot starve a
 * measurement. One process only: runners scaled out over several processes do not see each other.
 */
export class MeasurementGate {
  private running = 0;
  private exclusiveRunning = false;
  private readonly waitingExclusive: Array<() => void> = [];
  private readonly waitingShared: Array<() => void> = [];

  shared<T>(work: () => Promise<T>): Promise<T> {
    return this.hold(false, work);
  }

  exclusive<T>(work: () => Promise<T>): Promise<T> {
    return this.hold(true, work);
  }

  private async hold<T>(exclusive: boolean, work: () => Promise<T>): Promise<T> {
    await this.enter(exclusive);
    try {
      return await work();
    } finally {
      this.leave(exclusive);
    }
  }

  private canEnter(exclusive: boolean): boolean {
    if (exclusive) return !this.exclusiveRunning && this.running === 0;
    return !this.exclusiveRunning && this.waitingExclusive.length === 0;
  }

  private enter(exclusive: boolean): Promise<void> {
    if (this.canEnter(exclusive)) {
      this.admit(exclusive);
      return Promise.resolve();
    }
    return new Promise((resolve) => (exclusive ? this.waitingExclusive : this.waitingShared).push(() => {
      this.admit(exclusive);
      resolve();
    }));
  }

  private admit(exclusive: boolean): void {
    if (exclusive) this.exclusiveRunning = true;
    else this.running += 1;
  }

  private leave(exclusive: boolean): void {
    if (exclusive) this.exclusiveRunning = false;
    else this.running -= 1;
    this.wakeNext();
  }

  private wakeNext(): void {
    if (this.exclusiveRunning) return;
    if (this.waitingExclusive.length > 0) {
      if (this.running === 0) this.waitingExclusive.shift()?.();
      return;
    }
    while (this.waitingShared.length > 0) this.waitingShared.shift()?.();
  }
}
