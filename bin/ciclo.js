#!/usr/bin/env node
/**
 * `ciclo`: runs the build of bin/main.ts in packages/cli/dist (made by `npm ci` and by
 * `npm run build:cli`). Without a build, or when a source file changed after it was made, it
 * runs the TypeScript sources through tsx instead, slower to start, and says so.
 * CICLO_FROM_SOURCE=1 always runs the sources.
 */
import { existsSync, readFileSync, statSync } from "node:fs";

const dist = new URL("../packages/cli/dist/", import.meta.url);

/** Whether the build exists and is newer than every workspace file it was made from. */
function buildIsCurrent() {
  if (process.env.CICLO_FROM_SOURCE) return false;
  try {
    const { builtAt, sources } = JSON.parse(readFileSync(new URL("sources.json", dist), "utf8"));
    const root = new URL("../", import.meta.url);
    return sources.every((file) => statSync(new URL(file, root)).mtimeMs < builtAt);
  } catch {
    return false;
  }
}

if (buildIsCurrent()) {
  await import(new URL("main.js", dist).href);
} else {
  if (existsSync(new URL("main.js", dist)) && !process.env.CICLO_FROM_SOURCE) {
    process.stderr.write(
      "ciclo: the sources changed since the build; running them through tsx (`npm run build:cli` makes ciclo start fast again)\n",
    );
  }
  const { register } = await import("tsx/esm/api");
  register();
  await import(new URL("main.ts", import.meta.url).href);
}
