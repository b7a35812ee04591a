/**
 * Feeds a (possibly huge, possibly lazy) stream of items through the pool with bounded memory: at
 * most `concurrency` items are submitted at once, the next one is pulled from the source only when a
 * slot frees up. Results are delivered per item in completion order. Pausing the pool simply stops
 * completions, which stops pulling.
 */
import type { AnalysisPool, JobOutcome, PoolJob } from './analysis-pool.ts';

export interface RunJobsOptions {
  signal?: AbortSignal;
  /** Items in flight at once (default: 2 per worker, so the next job is ready when one finishes). */
  concurrency?: number;
}

export async function runJobs<T>(
  pool: AnalysisPool,
  source: Iterable<T> | AsyncIterable<T>,
  toJob: (item: T) => PoolJob | Promise<PoolJob | null> | null,
  onOutcome: (item: T, outcome: JobOutcome) => void | Promise<void>,
  opts: RunJobsOptions = {},
): Promise<void> {
  const limit = Math.max(1, opts.concurrency ?? pool.size * 2);
  const inFlight = new Set<Promise<void>>();
  let firstError: unknown = null;
  const iterator = Symbol.asyncIterator in source ? (source as AsyncIterable<T>)[Symbol.asyncIterator]() : toAsync(source as Iterable<T>);
  try {
    while (!opts.signal?.aborted && firstError === null) {
      const next = await iterator.next();
      if (next.done) break;
      const item = next.value;
      const job = await toJob(item);
      if (!job) continue;
      const task = pool
        .analyse(job, opts.signal)
        .then((outcome) => onOutcome(item, outcome))
        .catch((e: unknown) => {
          firstError ??= e;
        })
        .finally(() => inFlight.delete(task));
      inFlight.add(task);
      if (inFlight.size >= limit) await Promise.race(inFlight);
    }
  } finally {
    await Promise.all(inFlight);
    if (opts.signal?.aborted) await iterator.return?.();
  }
  if (firstError !== null) throw firstError;
}

async function* toAsync<T>(it: Iterable<T>): AsyncGenerator<T> {
  yield* it;
}
