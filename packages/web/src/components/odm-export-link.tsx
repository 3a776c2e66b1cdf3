import { useSession } from "../session";

/**
 * The data manager's download of the study as CDISC ODM 1.3.2 (every value with its audit
 * record, signatures with their meaning), for the sites where she may export. Other roles see
 * nothing.
 */
export function OdmExportLink() {
  const me = useSession().me;
  if (!me?.roles.some((assignment) => assignment.role === "data_manager")) return null;
  return (
    <a href="/api/standards/odm" download title="CDISC ODM 1.3.2 with audit trail and signatures">
      Export ODM
    </a>
  );
}
