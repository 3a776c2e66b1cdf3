#!/usr/bin/env node
/**
 * Builds the `ciclo` command to JavaScript in packages/cli/dist (git-ignored), so that it starts
 * without compiling TypeScript: `npm ci` runs it (the root `prepare` script), and so does
 * `npm run build:cli` after changing the sources.
 *
 * One ES module, bin/main.ts with everything it imports, split at each command's dynamic
 * import: `ciclo --help` loads only the entry chunk, `ciclo stats` the statistics and not the
 * database. The embedded database (PGlite) stays outside the bundle, since it loads its
 * WebAssembly from its own folder. The chunks sit two folders below packages/, as each package's
 * src/ does, so a path that a module finds from its own location (the web application's build,
 * the protocols) is the same from the sources and from the build.
 *
 * The build also writes dist/sources.json, the workspace files it was made from and when:
 * bin/ciclo.js runs the sources instead of a build older than any of them.
 */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const outdir = join(root, "packages/cli/dist");
/** Packages that `ciclo --help` must not load: the entry chunk fails the build if it does. */
const heavy =
  /^(packages\/(stats|store|report|server\/src\/(?!serve-command)|trial|sim)\/|node_modules\/(kysely|zod|yaml|hono|pg|@electric-sql|@observablehq|linkedom|csv-parse)\/)/;

const builtAt = Date.now();
rmSync(outdir, { recursive: true, force: true });
const result = await build({
  absWorkingDir: root,
  entryPoints: ["bin/main.ts"],
  outdir,
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  chunkNames: "[name]-[hash]",
  external: ["@electric-sql/pglite", "@electric-sql/pglite/*", "pg-native"],
  // Bundled CommonJS modules call require() for Node's own modules.
  banner: {
    js: "import { createRequire as cicloCreateRequire } from 'node:module'; const require = cicloCreateRequire(import.meta.url);",
  },
  metafile: true,
  logLevel: "warning",
});

const outputs = result.metafile.outputs;
const entry = Object.keys(outputs).find((file) => outputs[file].entryPoint === "bin/main.ts");
const eager = new Set();
const visit = (file) => {
  if (eager.has(file)) return;
  eager.add(file);
  for (const imported of outputs[file].imports) {
    if (imported.kind === "import-statement" && !imported.external) visit(imported.path);
  }
};
visit(entry);
const loadedAtStart = [...eager].flatMap((file) => Object.keys(outputs[file].inputs));
const tooHeavy = loadedAtStart.filter((input) => heavy.test(input));
if (tooHeavy.length > 0) {
  console.error(
    `ciclo's entry chunk loads ${tooHeavy.slice(0, 5).join(", ")}${tooHeavy.length > 5 ? ", …" : ""}: import them inside the command that needs them`,
  );
  process.exit(1);
}

const sources = Object.keys(result.metafile.inputs)
  .filter((input) => !input.includes("node_modules/"))
  .sort();
mkdirSync(outdir, { recursive: true });
writeFileSync(join(outdir, "sources.json"), `${JSON.stringify({ builtAt, sources })}\n`);
const bytes = [...eager].reduce((sum, file) => sum + outputs[file].bytes, 0);
console.log(
  `built ${relative(root, join(outdir, "main.js"))}: ${Object.keys(outputs).length} files, ${(bytes / 1024).toFixed(0)} kB loaded at start`,
);
