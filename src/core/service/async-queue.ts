/**
 * A one-consumer async queue: a producer that cannot wait (a directory walk calling back per file)
 * pushes, the scan loop pulls with for-await. Also a Gate for pause/resume.
 */

export class AsyncQueue<T> implements AsyncIterable<T> {
  private readonly items: T[] = [];
  private head = 0;
  private ended = false;
  private failure: unknown = null;
  private wake: (() => void) | null = null;

  push(item: T): void {
    if (this.ended) return;
    this.items.push(item);
    this.notify();
  }

  end(): void {
    this.ended = true;
    this.notify();
  }

  fail(err: unknown): void {
    this.failure = err;
    this.ended = true;
    this.notify();
  }

  get pending(): number {
    return this.items.length - this.head;
  }

  private notify(): void {
    const w = this.wake;
    this.wake = null;
    w?.();
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<T> {
    for (;;) {
      if (this.head < this.items.length) {
        const item = this.items[this.head];
        this.items[this.head++] = undefined as T;
        // Compact now and then so a long scan does not keep every consumed slot.
        if (this.head > 4096 && this.head * 2 > this.items.length) {
          this.items.splice(0, this.head);
          this.head = 0;
        }
        yield item;
        continue;
      }
      if (this.failure !== null) throw this.failure;
      if (this.ended) return;
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }
}

/** Open/closed gate: wait() resolves immediately when open, or when next opened. */
export class Gate {
  private openFlag = true;
  private waiters: (() => void)[] = [];

  get isOpen(): boolean {
    return this.openFlag;
  }

  close(): void {
    this.openFlag = false;
  }

  open(): void {
    this.openFlag = true;
    for (const w of this.waiters.splice(0)) w();
  }

  wait(): Promise<void> {
    if (this.openFlag) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }
}
