/**
 * Simulation replicates on every core: the replicates 0 … reps − 1 are cut into one contiguous
 * range per worker thread, each worker runs its range with the generators the single-threaded
 * run would give those replicates, and the parts come back in replicate order, so the combined
 * answer is the single-threaded one for the same seed.
 *
 * A task is a pure function registered by name in `replicate-tasks.ts` (workers receive names
 * and plain data, never functions): `ciclo design power` uses "power"; another simulation adds
 * its own task there and calls {@link runReplicates} with it.
 */
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import type { ReplicateTaskName, ReplicateTasks } from "./replicate-tasks";

export interface PoolOptions {
  /** Replicates in all. */
  reps: number;
  /** Worker threads (default: one per core). With 1, the task runs in this thread. */
  workers?: number;
  /** Called with the number of replicates done so far, in all workers. */
  onProgress?: (done: number) => void;
}

/** A message from a worker: progress, its part, or the error it stopped on. */
export type WorkerMessage =
  | { kind: "progress"; done: number }
  | { kind: "part"; part: unknown }
  | { kind: "error"; message: string };

/** What a worker is asked to run: replicates from … from + count − 1 of the task. */
export interface WorkerRequest {
  task: ReplicateTaskName;
  input: unknown;
  from: number;
  count: number;
}

/** One worker per core, the default of `--workers`. */
export const defaultWorkers = availableParallelism();

/**
 * Runs the task's replicates in worker threads and returns each worker's part, in replicate
 * order.
 *
 * @example
 * const parts = await runReplicates("power", { design, seed: 1 }, { reps: 1000, workers: 4 });
 */
export async function runReplicates<Name extends ReplicateTaskName>(
  task: Name,
  input: Parameters<ReplicateTasks[Name]>[0],
  { reps, workers = defaultWorkers, onProgress }: PoolOptions,
): Promise<ReturnType<ReplicateTasks[Name]>[]> {
  const ranges = replicateRanges(reps, workers);
  if (ranges.length <= 1) {
    const { replicateTasks } = await import("./replicate-tasks");
    const run = replicateTasks[task] as (
      input: unknown,
      from: number,
      count: number,
      progress: (done: number) => void,
    ) => ReturnType<ReplicateTasks[Name]>;
    return [run(input, 0, reps, (done) => onProgress?.(done))];
  }
  const doneByWorker = new Array<number>(ranges.length).fill(0);
  return Promise.all(
    ranges.map(
      ({ from, count }, w) =>
        new Promise<ReturnType<ReplicateTasks[Name]>>((resolve, reject) => {
          const worker = startWorker({ task, input, from, count });
          worker.on("message", (message: WorkerMessage) => {
            if (message.kind === "progress") {
              doneByWorker[w] = message.done;
              onProgress?.(doneByWorker.reduce((sum, done) => sum + done, 0));
            } else if (message.kind === "part") {
              resolve(message.part as ReturnType<ReplicateTasks[Name]>);
              void worker.terminate();
            } else {
              reject(new Error(message.message));
              void worker.terminate();
            }
          });
          worker.on("error", reject);
        }),
    ),
  );
}

/** Contiguous ranges of replicates, as even as they can be, one per worker that has any. */
export function replicateRanges(reps: number, workers: number): { from: number; count: number }[] {
  const used = Math.max(1, Math.min(Math.floor(workers), reps));
  const ranges: { from: number; count: number }[] = [];
  for (let w = 0, from = 0; w < used; w++) {
    const count = Math.floor(reps / used) + (w < reps % used ? 1 : 0);
    ranges.push({ from, count });
    from += count;
  }
  return ranges;
}

/**
 * A worker running replicate-worker: the built file beside this one, or, when Ciclo runs from
 * its TypeScript sources (tests, `CICLO_FROM_SOURCE`), the source through tsx's loader.
 */
function startWorker(request: WorkerRequest): Worker {
  const fromSource = import.meta.url.endsWith(".ts");
  if (!fromSource) {
    return new Worker(new URL("./replicate-worker.js", import.meta.url), { workerData: request });
  }
  const source = new URL("./replicate-worker.ts", import.meta.url).href;
  const bootstrap = `import("tsx/esm/api").then(({ register }) => { register(); return import(${JSON.stringify(source)}); });`;
  return new Worker(bootstrap, { eval: true, workerData: request });
}
