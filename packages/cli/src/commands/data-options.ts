import { importKinds } from "@ciclo/store";
import { Option } from "commander";

/** The mandatory `--kind` option of import and export. */
export const kindOption = () =>
  new Option("--kind <kind>", "what the file holds")
    .choices([...importKinds])
    .makeOptionMandatory();

/**
 * The embedded database's runtime resets the exit code when it shuts down, so a failure is
 * reported by exiting explicitly once the store is closed.
 */
export function exitWith(failed: boolean) {
  if (failed) process.exit(1);
}
