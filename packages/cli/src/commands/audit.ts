import type { AuditCheckpoint, ChainVerdict } from "@ciclo/store";
import type { Command } from "commander";
import { openStoreAt, withStoreLocation } from "../open-store";
import { exitWith } from "./data-options";

/** `ciclo audit verify`: checks the audit trail's hash chain; exit code 1 when it is broken. */
export function registerAudit(program: Command): void {
  const audit = program.command("audit").description("the audit trail");
  withStoreLocation(
    audit
      .command("verify")
      .description(
        "check the hash chain of the audit trail against its head and the signed checkpoint outside the database; exit code 1 when it is broken",
      ),
  ).action(async (options) => {
    const store = await openStoreAt(options);
    let failed = false;
    try {
      failed = !printVerdict(await store.verifyAuditChain(), store);
    } finally {
      await store.close();
    }
    exitWith(failed);
  });
}

/** Prints the audit trail's verdict (broken on standard error); true when it is intact. */
export function printVerdict(
  verdict: ChainVerdict,
  store?: { auditCheckpoint?: AuditCheckpoint },
): boolean {
  if (verdict.ok) {
    const reach = store ? checkpointClause(verdict, store.auditCheckpoint) : "";
    console.log(`audit trail intact: ${verdict.rows} rows, every link verified${reach}`);
  } else console.error(`audit trail BROKEN at row ${verdict.seq}: ${verdict.message}`);
  return verdict.ok;
}

/** What the verdict says of the checkpoint outside the database, for a store that keeps one. */
function checkpointClause(verdict: ChainVerdict, checkpoint?: AuditCheckpoint): string {
  if (verdict.ok && verdict.checkpoint)
    return `; it reaches row ${verdict.checkpoint.seq} of the signed checkpoint ${checkpoint?.file ?? ""}`;
  return checkpoint
    ? "; no signed checkpoint was written yet"
    : "; no checkpoint outside the database (set CICLO_AUDIT_CHECKPOINT for PostgreSQL)";
}
