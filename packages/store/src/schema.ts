import type { ColumnType, Generated } from "kysely";

/**
 * The schema as SQL migrations, run in order on open. The same statements run on PGlite and on
 * PostgreSQL 15+, so both engines hold identical tables, constraints and triggers.
 *
 * Conventions: ids are text (UUIDs made by the store), plain dates are `date`, instants are
 * `timestamptz` in UTC, measured values are `double precision`, and every clinical row carries a
 * `version` for optimistic concurrency.
 */
export interface Migration {
  id: number;
  name: string;
  sql: string;
}

const clinical = `version integer not null default 1,
  created_at timestamptz not null,
  updated_at timestamptz not null`;

export const migrations: Migration[] = [
  {
    id: 1,
    name: "trial core",
    sql: `
create table study (
  id text primary key,
  code text not null unique,
  title text not null,
  ${clinical}
);
create table protocol_version (
  id text primary key,
  study_id text not null references study(id),
  number integer not null,
  effective_date date not null,
  document jsonb not null,
  ${clinical},
  unique (study_id, number)
);
create table site (
  id text primary key,
  study_id text not null references study(id),
  code text not null,
  name text not null,
  ${clinical},
  unique (study_id, code)
);
create table app_user (
  id text primary key,
  username text not null unique,
  display_name text not null,
  password_hash text not null,
  active boolean not null default true,
  failed_logins integer not null default 0,
  locked_until timestamptz,
  ${clinical}
);
create table role_assignment (
  id text primary key,
  user_id text not null references app_user(id),
  site_id text references site(id),
  role text not null check (role in ('investigator','coordinator','data_manager','monitor','statistician','admin')),
  ${clinical}
);
create unique index role_assignment_unique on role_assignment (user_id, coalesce(site_id, ''), role);
create table session (
  id text primary key,
  user_id text not null references app_user(id),
  created_at timestamptz not null,
  expires_at timestamptz not null
);
create table subject (
  id text primary key,
  study_id text not null references study(id),
  site_id text not null references site(id),
  pseudonym text not null,
  arm text not null,
  year_of_birth integer,
  menopausal_status text,
  er_status text,
  pgr_status text,
  her2_status text,
  dfi_months double precision,
  bone_metastases boolean,
  soft_tissue_metastases boolean,
  visceral_metastases boolean,
  metastatic_site_count integer,
  primary_diagnosis_date date,
  metastasis_marker_date date,
  metastasis_imaging_date date,
  hormone_therapy_start date,
  hormone_therapy_agent text,
  biological_therapy boolean,
  clinical_benefit_date date,
  first_ifn_date date,
  enrolment_date date not null,
  eligible boolean not null default true,
  status text not null default 'active',
  ${clinical},
  unique (study_id, pseudonym)
);
create table administration (
  id text primary key,
  subject_id text not null references subject(id),
  drug text not null,
  scheduled_date date,
  given_at timestamptz,
  dose double precision,
  unit text,
  route text,
  status text not null check (status in ('given','skipped','delayed')),
  reason text,
  cycle integer,
  week integer,
  ${clinical}
);
create table visit (
  id text primary key,
  subject_id text not null references subject(id),
  visit_date date not null,
  kind text not null,
  notes text,
  ${clinical}
);
create table sample (
  id text primary key,
  subject_id text not null references subject(id),
  drawn_at timestamptz not null,
  relation text not null check (relation in ('pre','post','routine')),
  cycle integer,
  ${clinical}
);
create table lab_result (
  id text primary key,
  sample_id text not null references sample(id),
  subject_id text not null references subject(id),
  analyte text not null,
  code text,
  value double precision,
  unit text not null,
  reference_low double precision,
  reference_high double precision,
  assay text,
  gating text,
  below_limit boolean not null default false,
  missing_reason text,
  ${clinical},
  unique (sample_id, analyte)
);
create table response_assessment (
  id text primary key,
  subject_id text not null references subject(id),
  assessed_on date not null,
  criteria text not null check (criteria in ('RECIST1.1','WHO')),
  overall_response text not null check (overall_response in ('CR','PR','SD','PD','NE')),
  method text,
  ${clinical}
);
create table lesion (
  id text primary key,
  assessment_id text not null references response_assessment(id),
  subject_id text not null references subject(id),
  kind text not null check (kind in ('target','non-target','new')),
  location text not null,
  diameter_mm double precision,
  ${clinical}
);
create table progression (
  id text primary key,
  subject_id text not null references subject(id),
  progressed_on date not null,
  method text not null check (method in ('imaging','clinical')),
  notes text,
  ${clinical}
);
create table adverse_event (
  id text primary key,
  subject_id text not null references subject(id),
  term text not null,
  grade integer not null check (grade between 1 and 5),
  onset_date date not null,
  resolution_date date,
  serious boolean not null default false,
  relation_ifn text,
  relation_il2 text,
  relation_anti_estrogen text,
  ${clinical}
);
create table follow_up (
  id text primary key,
  subject_id text not null references subject(id),
  contact_date date not null,
  vital_status text not null check (vital_status in ('alive','dead','lost')),
  death_date date,
  death_cause text,
  ${clinical}
);
create table query (
  id text primary key,
  subject_id text not null references subject(id),
  entity text not null,
  record_id text not null,
  field text,
  text text not null,
  status text not null check (status in ('open','answered','closed')),
  raised_by text not null,
  answer text,
  ${clinical}
);
create table signature (
  id text primary key,
  subject_id text not null references subject(id),
  entity text not null,
  record_id text not null,
  meaning text not null,
  signer_id text not null,
  signer_name text not null,
  signed_at timestamptz not null,
  ${clinical}
);
create index signature_record on signature (entity, record_id);
create table audit_event (
  seq bigserial primary key,
  occurred_at timestamptz not null,
  actor_id text not null,
  actor_name text not null,
  action text not null check (action in ('create','update','delete')),
  entity text not null,
  record_id text not null,
  subject_id text,
  field text not null,
  old_value text,
  new_value text,
  reason text,
  prev_hash text not null,
  hash text not null
);
create index audit_event_record on audit_event (entity, record_id);
create index audit_event_subject on audit_event (subject_id);
create function audit_event_append_only() returns trigger language plpgsql as $$
begin
  raise exception 'audit_event is append-only: % is not allowed', tg_op;
end $$;
create trigger audit_event_no_change before update or delete on audit_event
  for each row execute function audit_event_append_only();
create trigger audit_event_no_truncate before truncate on audit_event
  for each statement execute function audit_event_append_only();
`,
  },
  {
    id: 2,
    name: "audit chain head",
    // The newest link of the chain, kept apart from the rows: removing the newest audit rows
    // leaves every remaining link intact, and only this record of the head tells. Its row lock
    // also makes writers of the chain take turns.
    sql: `
create table audit_chain_head (
  id integer primary key check (id = 1),
  seq bigint not null,
  hash text not null
);
insert into audit_chain_head (id, seq, hash)
  select 1, coalesce(max(seq), 0),
    coalesce((select hash from audit_event order by seq desc limit 1), repeat('0', 64))
  from audit_event;
`,
  },
  {
    id: 3,
    name: "lesion status and lymph node",
    // RECIST 1.1 reads a non-target lesion by its status (present, absent, unequivocally
    // progressed), and a nodal target by its short axis (complete response below 10 mm).
    sql: `
alter table lesion add column status text
  check (status in ('present','absent','progressed'));
alter table lesion add column lymph_node boolean not null default false;
`,
  },
  {
    id: 4,
    name: "sign-in throttle",
    // Failed sign-ins counted per key (an account name, known or not, and a client address) in
    // one row each, so that parallel attempts add up in a single atomic statement. The counts
    // moved here from app_user: an unknown name must be counted exactly like a known one.
    sql: `
create table sign_in_throttle (
  key text primary key,
  attempts integer not null,
  locks integer not null default 0,
  locked_until timestamptz,
  last_attempt_at timestamptz not null
);
alter table app_user drop column failed_logins;
alter table app_user drop column locked_until;
`,
  },
  {
    id: 5,
    name: "audit chain head advances only",
    // The head is guarded like the trail: the application's own role cannot move it back, point
    // it at anything but the newest audit row, or delete it (which would hide a removed tail).
    sql: `
create function audit_chain_head_advance_only() returns trigger language plpgsql as $$
begin
  if tg_op <> 'UPDATE' then
    raise exception 'audit_chain_head can only advance: % is not allowed', tg_op;
  end if;
  if new.id <> old.id or new.seq <= old.seq
    or not exists (select 1 from audit_event where seq = new.seq and hash = new.hash)
    or exists (select 1 from audit_event where seq > new.seq) then
    raise exception 'audit_chain_head can only advance to the newest audit row';
  end if;
  return new;
end $$;
create trigger audit_chain_head_advance before update or delete on audit_chain_head
  for each row execute function audit_chain_head_advance_only();
create trigger audit_chain_head_no_truncate before truncate on audit_chain_head
  for each statement execute function audit_chain_head_advance_only();
`,
  },
  {
    id: 6,
    name: "randomization",
    // The phase II randomizes (domain.md §6). One row per randomized subject, numbered 1, 2, 3 …
    // per study without gap; the arm drawn is never changed (intention to treat), a mistake is
    // recorded beside it as a correction. The study's secret seed lives in its own table, which
    // no endpoint reads and the audit trail never copies; its row is also the lock that makes
    // randomizations of one study take turns. Subjects of a randomized protocol are enrolled
    // without an arm and receive it at randomization.
    sql: `
alter table subject alter column arm drop not null;
alter table role_assignment drop constraint role_assignment_role_check;
alter table role_assignment add constraint role_assignment_role_check check (role in
  ('investigator','coordinator','data_manager','monitor','statistician','admin','randomization_manager'));
create table randomization_secret (
  study_id text primary key references study(id),
  seed text not null,
  created_at timestamptz not null
);
create table allocation (
  id text primary key,
  study_id text not null references study(id),
  subject_id text not null unique references subject(id),
  sequence integer not null check (sequence >= 1),
  stratum text not null,
  arm text not null,
  levels jsonb not null,
  eligibility jsonb not null,
  randomized_by text not null,
  randomized_by_name text not null,
  randomized_at timestamptz not null,
  treated_arm text,
  correction_reason text,
  corrected_by text,
  corrected_by_name text,
  corrected_at timestamptz,
  unique (study_id, sequence)
);
create table stage_gate_decision (
  study_id text primary key references study(id),
  decision text not null check (decision in ('continue')),
  reason text not null,
  decided_by text not null,
  decided_by_name text not null,
  decided_at timestamptz not null
);
`,
  },
  {
    id: 7,
    name: "audit sealing and reads by subject",
    // Writes no longer take turns on the chain head: a write's audit rows go to audit_pending in
    // its own transaction, and a short sealing transaction after the commit moves them, hashed
    // and chained, into audit_event (see sealAuditTrail). Pending rows cannot be changed, only
    // taken by the sealer. The analyses read each kind of record by subject in creation order,
    // from indexes that hold that order.
    sql: `
create table audit_pending (
  id bigserial primary key,
  occurred_at timestamptz not null,
  actor_id text not null,
  actor_name text not null,
  action text not null check (action in ('create','update','delete')),
  entity text not null,
  record_id text not null,
  subject_id text,
  field text not null,
  old_value text,
  new_value text,
  reason text
);
create function audit_pending_unchanged() returns trigger language plpgsql as $$
begin
  raise exception 'audit_pending rows cannot be changed: % is not allowed', tg_op;
end $$;
create trigger audit_pending_no_change before update on audit_pending
  for each row execute function audit_pending_unchanged();
create index subject_study_created on subject (study_id, created_at, id);
create index administration_subject_created on administration (subject_id, created_at, id);
create index sample_subject_created on sample (subject_id, created_at, id);
create index lab_result_subject_created on lab_result (subject_id, created_at, id);
create index lab_result_sample on lab_result (sample_id);
create index progression_subject_created on progression (subject_id, created_at, id);
create index follow_up_subject_created on follow_up (subject_id, created_at, id);
`,
  },
];

/**
 * The tables of the migrations above as the query builder sees them: tables and columns in
 * camelCase (the store's CamelCasePlugin maps them to the snake_case of the SQL). Plain dates are
 * 'YYYY-MM-DD' text and instants ISO 8601 text in UTC, as the store's drivers read them; a jsonb
 * column is written as JSON text and read as the value. `Generated` marks a column the database
 * fills when an insert leaves it out.
 *
 * @example
 * const sites = await tx.db.selectFrom("site").select(["id", "code"]).execute(); // { id: string; code: string }[]
 */
export interface Database {
  study: StudyTable;
  protocolVersion: ProtocolVersionTable;
  site: SiteTable;
  appUser: AppUserTable;
  roleAssignment: RoleAssignmentTable;
  session: SessionTable;
  subject: SubjectTable;
  administration: AdministrationTable;
  visit: VisitTable;
  sample: SampleTable;
  labResult: LabResultTable;
  responseAssessment: ResponseAssessmentTable;
  lesion: LesionTable;
  progression: ProgressionTable;
  adverseEvent: AdverseEventTable;
  followUp: FollowUpTable;
  query: QueryTable;
  signature: SignatureTable;
  auditEvent: AuditEventTable;
  auditPending: AuditPendingTable;
  auditChainHead: AuditChainHeadTable;
  signInThrottle: SignInThrottleTable;
  randomizationSecret: RandomizationSecretTable;
  allocation: AllocationTable;
  stageGateDecision: StageGateDecisionTable;
  schemaMigration: SchemaMigrationTable;
}

/** 'YYYY-MM-DD'. */
type PlainDateColumn = string;
/** ISO 8601 in UTC, e.g. 2024-03-01T09:30:00.000Z. */
type InstantColumn = string;
/** A jsonb column: read as the value, written as its JSON text. */
type JsonColumn = ColumnType<unknown, string, string>;

/** The store's bookkeeping of every clinical row (`clinical` above). */
interface Versioned {
  id: string;
  version: Generated<number>;
  createdAt: InstantColumn;
  updatedAt: InstantColumn;
}

export interface StudyTable extends Versioned {
  code: string;
  title: string;
}

export interface ProtocolVersionTable extends Versioned {
  studyId: string;
  number: number;
  effectiveDate: PlainDateColumn;
  document: JsonColumn;
}

export interface SiteTable extends Versioned {
  studyId: string;
  code: string;
  name: string;
}

export interface AppUserTable extends Versioned {
  username: string;
  displayName: string;
  passwordHash: string;
  active: Generated<boolean>;
}

export interface RoleAssignmentTable extends Versioned {
  userId: string;
  siteId: string | null;
  role: string;
}

export interface SessionTable {
  id: string;
  userId: string;
  createdAt: InstantColumn;
  expiresAt: InstantColumn;
}

export interface SubjectTable extends Versioned {
  studyId: string;
  siteId: string;
  pseudonym: string;
  /** Null until a subject of a randomized protocol is randomized. */
  arm: string | null;
  yearOfBirth: number | null;
  menopausalStatus: string | null;
  erStatus: string | null;
  pgrStatus: string | null;
  her2Status: string | null;
  dfiMonths: number | null;
  boneMetastases: boolean | null;
  softTissueMetastases: boolean | null;
  visceralMetastases: boolean | null;
  metastaticSiteCount: number | null;
  primaryDiagnosisDate: PlainDateColumn | null;
  metastasisMarkerDate: PlainDateColumn | null;
  metastasisImagingDate: PlainDateColumn | null;
  hormoneTherapyStart: PlainDateColumn | null;
  hormoneTherapyAgent: string | null;
  biologicalTherapy: boolean | null;
  clinicalBenefitDate: PlainDateColumn | null;
  firstIfnDate: PlainDateColumn | null;
  enrolmentDate: PlainDateColumn;
  eligible: Generated<boolean>;
  status: Generated<string>;
}

export interface AdministrationTable extends Versioned {
  subjectId: string;
  drug: string;
  scheduledDate: PlainDateColumn | null;
  givenAt: InstantColumn | null;
  dose: number | null;
  unit: string | null;
  route: string | null;
  status: "given" | "skipped" | "delayed";
  reason: string | null;
  cycle: number | null;
  week: number | null;
}

export interface VisitTable extends Versioned {
  subjectId: string;
  visitDate: PlainDateColumn;
  kind: string;
  notes: string | null;
}

export interface SampleTable extends Versioned {
  subjectId: string;
  drawnAt: InstantColumn;
  relation: "pre" | "post" | "routine";
  cycle: number | null;
}

export interface LabResultTable extends Versioned {
  sampleId: string;
  subjectId: string;
  analyte: string;
  code: string | null;
  value: number | null;
  unit: string;
  referenceLow: number | null;
  referenceHigh: number | null;
  assay: string | null;
  gating: string | null;
  belowLimit: Generated<boolean>;
  missingReason: string | null;
}

export interface ResponseAssessmentTable extends Versioned {
  subjectId: string;
  assessedOn: PlainDateColumn;
  criteria: "RECIST1.1" | "WHO";
  overallResponse: "CR" | "PR" | "SD" | "PD" | "NE";
  method: string | null;
}

export interface LesionTable extends Versioned {
  assessmentId: string;
  subjectId: string;
  kind: "target" | "non-target" | "new";
  location: string;
  diameterMm: number | null;
  status: "present" | "absent" | "progressed" | null;
  lymphNode: Generated<boolean>;
}

export interface ProgressionTable extends Versioned {
  subjectId: string;
  progressedOn: PlainDateColumn;
  method: "imaging" | "clinical";
  notes: string | null;
}

export interface AdverseEventTable extends Versioned {
  subjectId: string;
  term: string;
  grade: number;
  onsetDate: PlainDateColumn;
  resolutionDate: PlainDateColumn | null;
  serious: Generated<boolean>;
  relationIfn: string | null;
  relationIl2: string | null;
  relationAntiEstrogen: string | null;
}

export interface FollowUpTable extends Versioned {
  subjectId: string;
  contactDate: PlainDateColumn;
  vitalStatus: "alive" | "dead" | "lost";
  deathDate: PlainDateColumn | null;
  deathCause: string | null;
}

export interface QueryTable extends Versioned {
  subjectId: string;
  entity: string;
  recordId: string;
  field: string | null;
  text: string;
  status: "open" | "answered" | "closed";
  raisedBy: string;
  answer: string | null;
}

export interface SignatureTable extends Versioned {
  subjectId: string;
  entity: string;
  recordId: string;
  meaning: string;
  signerId: string;
  signerName: string;
  signedAt: InstantColumn;
}

export interface AuditEventTable {
  /** bigserial, read as a number by the store's drivers. */
  seq: Generated<number>;
  occurredAt: InstantColumn;
  actorId: string;
  actorName: string;
  action: "create" | "update" | "delete";
  entity: string;
  recordId: string;
  subjectId: string | null;
  field: string;
  oldValue: string | null;
  newValue: string | null;
  reason: string | null;
  prevHash: string;
  hash: string;
}

/** An audit row written with its change and waiting for the sealing step to chain it. */
export interface AuditPendingTable extends Omit<AuditEventTable, "seq" | "prevHash" | "hash"> {
  /** bigserial: the order in which the sealing step chains the rows. */
  id: Generated<number>;
}

export interface AuditChainHeadTable {
  id: number;
  seq: number;
  hash: string;
}

export interface SignInThrottleTable {
  key: string;
  attempts: number;
  locks: Generated<number>;
  lockedUntil: InstantColumn | null;
  lastAttemptAt: InstantColumn;
}

export interface RandomizationSecretTable {
  studyId: string;
  seed: string;
  createdAt: InstantColumn;
}

export interface AllocationTable {
  id: string;
  studyId: string;
  subjectId: string;
  sequence: number;
  stratum: string;
  arm: string;
  levels: JsonColumn;
  eligibility: JsonColumn;
  randomizedBy: string;
  randomizedByName: string;
  randomizedAt: InstantColumn;
  treatedArm: string | null;
  correctionReason: string | null;
  correctedBy: string | null;
  correctedByName: string | null;
  correctedAt: InstantColumn | null;
}

export interface StageGateDecisionTable {
  studyId: string;
  decision: "continue";
  reason: string;
  decidedBy: string;
  decidedByName: string;
  decidedAt: InstantColumn;
}

export interface SchemaMigrationTable {
  id: number;
  name: string;
  appliedAt: Generated<InstantColumn>;
}
