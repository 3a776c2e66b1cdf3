/**
 * `ciclo serve` as the `ciclo` program lists it: its name, its one line of help, and how to
 * load it. This module imports nothing, so listing `serve` in `ciclo --help` costs nothing; the
 * server itself loads only when `ciclo serve` runs.
 *
 * @example
 * const register = await serveCommand.load();
 * register(program); // adds `serve` with its options
 */
export const serveCommand = {
  name: "serve",
  summary: "serve the Ciclo API and web application",
  load: async () => (await import("./register-serve")).registerServe,
};
