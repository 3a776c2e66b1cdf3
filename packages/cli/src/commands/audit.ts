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
      const verdict = await store.verifyAuditChain();
      if (verdict.ok) {
        const checkpoint = verdict.checkpoint
          ? `; it reaches row ${verdict.checkpoint.seq} of the signed checkpoint ${store.auditCheckpoint?.file}`
          : store.auditCheckpoint
            ? "; no signed checkpoint was written yet"
            : "; no checkpoint outside the database (set CICLO_AUDIT_CHECKPOINT for PostgreSQL)";
        console.log(`audit trail intact: ${verdict.rows} rows, every link verified${checkpoint}`);
      } else {
        console.error(`audit trail BROKEN at row ${verdict.seq}: ${verdict.message}`);
        failed = true;
      }
    } finally {
      await store.close();
    }
    exitWith(failed);
  });
}
