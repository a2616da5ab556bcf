/**
 * Readers side by side, or one writer (a group-commit batch) alone. better-sqlite3 gives TypeORM
 * a single connection: a read outside a transaction sees only committed rows, but a read whose
 * statements ran while a batch transaction is open on that connection would see the batch's
 * uncommitted rows. So reads run between batches: a waiting batch lets the reads in progress
 * finish and holds new ones back (writers do not starve); when it ends, every read that waited
 * runs before the next batch.
 */
export class ReadWriteGate {
  private readers = 0;
  private writing = false;
  private readonly waitingReaders: Array<() => void> = [];
  private readonly waitingWriters: Array<() => void> = [];

  /** Resolves once the caller may read; pair with leaveRead(). */
  enterRead(): Promise<void> | void {
    if (!this.writing && this.waitingWriters.length === 0) {
      this.readers++;
      return;
    }
    // counted as a reader when let in (see release), so no batch can slip in before it runs
    return new Promise<void>((resolve) => this.waitingReaders.push(resolve));
  }

  leaveRead(): void {
    this.readers--;
    if (this.readers === 0) this.nextWriter();
  }

  /** Runs `job` alone: after the reads in progress, before the reads that arrive meanwhile. */
  async write<T>(job: () => Promise<T>): Promise<T> {
    if (this.writing || this.readers > 0 || this.waitingWriters.length > 0) {
      await new Promise<void>((resolve) => this.waitingWriters.push(resolve));
    } else {
      this.writing = true;
    }
    try {
      return await job();
    } finally {
      this.writing = false;
      this.release();
    }
  }

  private release(): void {
    if (this.waitingReaders.length > 0) {
      const readers = this.waitingReaders.splice(0);
      this.readers += readers.length;
      for (const resolve of readers) resolve();
      return; // the next writer waits for these reads (leaveRead)
    }
    this.nextWriter();
  }

  private nextWriter(): void {
    if (this.writing || this.readers > 0) return;
    const next = this.waitingWriters.shift();
    if (next) {
      this.writing = true;
      next();
    }
  }

  /** A batch or a read holds the connection now. */
  get busy(): boolean {
    return this.writing || this.readers > 0;
  }
}
