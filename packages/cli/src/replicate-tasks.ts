/**
 * The simulations the replicate pool can run, by name. A task takes plain data (it crosses to a
 * worker thread), the first replicate and the number of replicates to run, and a progress
 * callback; it returns a plain part that the caller combines.
 */
import { powerReplicates } from "./power-replicates";

export const replicateTasks = {
  power: powerReplicates,
};

export type ReplicateTasks = typeof replicateTasks;
export type ReplicateTaskName = keyof ReplicateTasks;
