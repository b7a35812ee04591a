/**
 * Items per second over the most recent completions, so an ETA follows the current speed. The start
 * (or resume) time counts as the first mark, so the first completion already gives a rate.
 */
export class RateMeter {
  private readonly times: number[] = [];
  private readonly window: number;

  constructor(window = 100, start = Date.now()) {
    this.window = window;
    this.times.push(start);
  }

  tick(now = Date.now()): void {
    this.times.push(now);
    if (this.times.length > this.window + 1) this.times.shift();
  }

  rate(now = Date.now()): number {
    if (this.times.length < 2) return 0;
    const span = (now - this.times[0]) / 1000;
    return span > 0 ? (this.times.length - 1) / span : 0;
  }

  /** After a pause: the paused time must not count. */
  reset(now = Date.now()): void {
    this.times.length = 0;
    this.times.push(now);
  }
}
