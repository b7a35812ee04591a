export { AnalysisPool, defaultWorkerCount } from './analysis-pool.ts';
export type { PoolOptions, PoolJob, JobOutcome, WorkerStats } from './analysis-pool.ts';
export { runJobs, type RunJobsOptions } from './run-jobs.ts';
export { nodeForkSpawner, defaultWorkerEntry, type WorkerHandle, type WorkerSpawner, type SpawnOptions } from './spawner.ts';
