import type {
  AdministrationRecord,
  LabResultRecord,
  PlainDate,
  SampleRelation,
  SubjectRecord,
} from "@ciclo/trial";
import { type Kysely, sql } from "kysely";
import type { Database } from "./schema";

/** One site the dashboard lists. */
export interface DashboardSite {
  id: string;
  studyId: string;
  code: string;
  name: string;
}

/** Subjects of one site and arm, and of them those on study in clinical benefit. */
export interface EnrolmentCount {
  siteId: string;
  /** 'not randomized' for subjects of a randomized protocol who have no arm yet. */
  arm: string;
  subjects: number;
  inClinicalBenefit: number;
}

/** A draw of a subject on study, as the due list reads it. */
export interface DashboardDraw {
  subjectId: string;
  drawnAt: string;
  relation: SampleRelation;
}

/**
 * The reads of the study dashboard, limited to the sites a user may read (every site when
 * `siteIds` is undefined, none when it is empty). Counts are made by the database; only the
 * subjects on study (status active) are read row by row, with the columns the plan and the
 * alerts use, and only the records that can change what the dashboard shows.
 *
 * @example
 * const reads = new DashboardReads(tx.db, ["site-pisa"]);
 * const subjects = await reads.activeSubjects(); // SubjectRecord[] of Pisa, on study
 */
export class DashboardReads {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly siteIds: readonly string[] | undefined,
  ) {}

  /** `column` names one of the user's sites (always true when she reads every site). */
  private inSites(column: string) {
    const ids = this.siteIds?.length === 0 ? [""] : (this.siteIds ?? []);
    return this.siteIds === undefined
      ? sql<boolean>`true`
      : sql<boolean>`${sql.ref(column)} in (${sql.join(ids)})`;
  }

  /** The ids of the subjects on study at the user's sites, as a subquery. */
  private activeSubjectIds() {
    return this.db
      .selectFrom("subject")
      .select("id")
      .where("status", "=", "active")
      .where(this.inSites("siteId"));
  }

  /** The user's sites, in creation order. */
  async sites(): Promise<DashboardSite[]> {
    return this.db
      .selectFrom("site")
      .select(["id", "studyId", "code", "name"])
      .where(this.inSites("id"))
      .orderBy("createdAt")
      .orderBy("id")
      .execute();
  }

  /** Subjects by site and arm, and of them those on study in clinical benefit (one GROUP BY). */
  async enrolment(): Promise<EnrolmentCount[]> {
    const rows = await this.db
      .selectFrom("subject")
      .where(this.inSites("siteId"))
      .select((eb) => [
        "siteId",
        "arm",
        eb.fn.countAll().as("subjects"),
        eb.fn
          .count(
            eb
              .case()
              .when(
                eb.and([eb("clinicalBenefitDate", "is not", null), eb("status", "=", "active")]),
              )
              .then(1)
              .end(),
          )
          .as("inClinicalBenefit"),
      ])
      .groupBy(["siteId", "arm"])
      .orderBy("siteId")
      .orderBy("arm")
      .execute();
    return rows.map((row) => ({
      siteId: row.siteId,
      arm: row.arm ?? "not randomized",
      subjects: Number(row.subjects),
      inClinicalBenefit: Number(row.inClinicalBenefit),
    }));
  }

  /** How many queries are open on the subjects of the user's sites. */
  async openQueries(): Promise<number> {
    const row = await this.db
      .selectFrom("query")
      .innerJoin("subject", "subject.id", "query.subjectId")
      .where("query.status", "=", "open")
      .where(this.inSites("subject.siteId"))
      .select((eb) => eb.fn.countAll().as("count"))
      .executeTakeFirst();
    return Number(row?.count ?? 0);
  }

  /**
   * The subjects on study that have an arm, with the dates the plan and the Treg baseline and
   * origin read, in creation order.
   */
  async activeSubjects(): Promise<SubjectRecord[]> {
    const rows = await this.db
      .selectFrom("subject")
      .where("status", "=", "active")
      .where(this.inSites("siteId"))
      .select([
        "id as subjectId",
        "pseudonym",
        "siteId",
        "arm",
        "enrolmentDate",
        "firstIfnDate",
        "clinicalBenefitDate",
        "hormoneTherapyStart",
        "metastasisImagingDate",
        "metastasisMarkerDate",
      ])
      .orderBy("createdAt")
      .orderBy("id")
      .execute();
    // A subject of a randomized protocol has no arm until she is randomized, and no plan.
    return rows.flatMap(({ arm, ...subject }) => (arm === null ? [] : [{ ...subject, arm }]));
  }

  /**
   * The administrations of the subjects on study dated from `from` (the earliest first planned
   * cycle), and every one of a subject with a delayed dose.
   */
  async administrationsFrom(from: PlainDate): Promise<AdministrationRecord[]> {
    return this.db
      .selectFrom("administration")
      .select(["subjectId", "drug", "scheduledDate", "givenAt", "status"])
      .where("subjectId", "in", this.activeSubjectIds())
      .where((eb) =>
        eb.or([
          eb("scheduledDate", ">=", from),
          eb("givenAt", ">=", `${from}T00:00:00Z`),
          eb(
            "subjectId",
            "in",
            this.db
              .selectFrom("administration")
              .select("subjectId")
              .where("status", "=", "delayed"),
          ),
        ]),
      )
      .execute();
  }

  /** The visits of the subjects on study held from `from`. */
  async visitsFrom(from: PlainDate): Promise<{ subjectId: string; visitDate: PlainDate }[]> {
    return this.db
      .selectFrom("visit")
      .select(["subjectId", "visitDate"])
      .where("subjectId", "in", this.activeSubjectIds())
      .where("visitDate", ">=", from)
      .execute();
  }

  /** The draws of the subjects on study from `from`. */
  async drawsFrom(from: PlainDate): Promise<DashboardDraw[]> {
    return this.db
      .selectFrom("sample")
      .select(["subjectId", "drawnAt", "relation"])
      .where("subjectId", "in", this.activeSubjectIds())
      .where("drawnAt", ">=", `${from}T00:00:00Z`)
      .execute();
  }

  /**
   * The measured results of `analytes` of the subjects on study, each with its sample's draw,
   * relation and cycle and the subject's site (cut-offs can be site-specific).
   */
  async activeResults(analytes: readonly string[]): Promise<LabResultRecord[]> {
    if (analytes.length === 0) return [];
    return this.db
      .selectFrom("labResult")
      .innerJoin("sample", "sample.id", "labResult.sampleId")
      .innerJoin("subject", "subject.id", "sample.subjectId")
      .where("subject.status", "=", "active")
      .where(this.inSites("subject.siteId"))
      .select([
        "sample.subjectId",
        "labResult.sampleId",
        "sample.drawnAt",
        "sample.relation",
        "sample.cycle",
        "labResult.analyte",
        "labResult.value",
        "labResult.unit",
        "labResult.assay",
        "labResult.belowLimit",
        "subject.siteId",
      ])
      .where("labResult.analyte", "in", [...analytes])
      .where("labResult.value", "is not", null)
      .execute();
  }
}
