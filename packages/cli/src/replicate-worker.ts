/**
 * A worker thread of the replicate pool: runs the replicates it was given of one registered
 * task and posts its progress and its part back (see replicate-pool.ts).
 */
import { parentPort, workerData } from "node:worker_threads";
import type { WorkerMessage, WorkerRequest } from "./replicate-pool";
import { replicateTasks } from "./replicate-tasks";

const { task, input, from, count } = workerData as WorkerRequest;
const post = (message: WorkerMessage) => parentPort?.postMessage(message);
try {
  const run = replicateTasks[task] as (
    input: unknown,
    from: number,
    count: number,
    progress: (done: number) => void,
  ) => unknown;
  post({ kind: "part", part: run(input, from, count, (done) => post({ kind: "progress", done })) });
} catch (error) {
  post({
    kind: "error",
    message: error instanceof Error ? (error.stack ?? error.message) : String(error),
  });
}
