/**
 * Runs async jobs one at a time, in arrival order. better-sqlite3 gives TypeORM a single
 * connection, so two overlapping transactions would share it and one's rollback could undo
 * or leave the other's writes: every unit of work waits its turn here.
 */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();
  private waiting = 0;

  run<T>(job: () => Promise<T>): Promise<T> {
    this.waiting++;
    const result = this.tail.then(job, job).finally(() => this.waiting--);
    this.tail = result.catch(() => undefined);
    return result;
  }

  get depth(): number {
    return this.waiting;
  }
}
