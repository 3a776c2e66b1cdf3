import fc from "fast-check";
import type { JsonSchema } from "./endpoint-fields";

/**
 * Text a hostile or careless client sends: the characters the database refuses, broken
 * Unicode, a megabyte, formulas, and plain noise.
 */
export const hostileText = fc.oneof(
  {
    arbitrary: fc.constantFrom(
      "a\u0000b",
      "\u0000",
      "a\ud800b",
      "\udfff",
      '=HYPERLINK("http://example.org")',
      "'; drop table subject; --",
      "😀",
      "",
      " ",
    ),
    weight: 10,
  },
  { arbitrary: fc.string({ unit: "binary", maxLength: 40 }), weight: 10 },
  // A megabyte: rare, since every field of a body may draw it.
  { arbitrary: fc.constant("x".repeat(1 << 20)), weight: 1 },
);

/** Any JSON value, of the wrong type for most fields. */
const anyJson = fc.jsonValue({ maxDepth: 3 });

/**
 * Values for a JSON Schema (as `z.toJSONSchema` writes it): mostly of the right shape so that a
 * request passes validation and reaches the database, with hostile text, numbers at and beyond
 * the limits, and now and then a value of the wrong type. `known` gives real values for a field
 * by name (ids of stored records), so that writes find their parent records.
 */
export function arbitraryOf(
  schema: JsonSchema,
  known: (name: string) => readonly string[] | undefined,
  name = "",
): fc.Arbitrary<unknown> {
  const shaped = shapedOf(schema, known, name);
  return fc.oneof({ arbitrary: shaped, weight: 9 }, { arbitrary: anyJson, weight: 1 });
}

function shapedOf(
  schema: JsonSchema,
  known: (name: string) => readonly string[] | undefined,
  name: string,
): fc.Arbitrary<unknown> {
  if (schema.anyOf) return fc.oneof(...schema.anyOf.map((each) => shapedOf(each, known, name)));
  if (schema.enum) return fc.oneof(fc.constantFrom(...schema.enum), hostileText);
  const type = [schema.type].flat()[0];
  switch (type) {
    case "string": {
      const real = known(name);
      const likely: fc.Arbitrary<string>[] = [hostileText];
      if (real?.length) likely.push(fc.constantFrom(...real));
      if (schema.pattern) likely.push(fc.constantFrom("2024-03-01", "2024-02-30", "1900-01-01"));
      if (/At$/.test(name))
        likely.push(fc.constantFrom("2024-03-01T08:00:00Z", "2024-13-01T25:00Z"));
      return fc.oneof(...likely);
    }
    case "integer":
    case "number":
      return fc.oneof(
        fc.integer({ min: -2, max: 10 }),
        fc.constantFrom(schema.minimum ?? 0, schema.maximum ?? 1e9, 1e308, -1e308, 0.5),
        fc.double({ noNaN: true, noDefaultInfinity: true }),
      );
    case "boolean":
      return fc.boolean();
    case "null":
      return fc.constant(null);
    case "array":
      return fc.array(schema.items ? shapedOf(schema.items, known, name) : anyJson, {
        maxLength: 3,
      });
    case "object": {
      const properties = schema.properties ?? {};
      if (Object.keys(properties).length === 0) {
        return fc.dictionary(hostileText, anyJson, { maxKeys: 4 });
      }
      // Required fields are always sent (a missing one is the whole value of the wrong type).
      return fc.record(
        Object.fromEntries(
          Object.entries(properties).map(([key, each]) => [key, arbitraryOf(each, known, key)]),
        ),
        { requiredKeys: schema.required ?? [] },
      );
    }
    default:
      return anyJson;
  }
}

/**
 * A JSON text nested `depth` levels deep (`[[[…]]]` or `{"a":{"a":…}}`), to put where a value
 * is expected.
 */
export function deeplyNested(depth: number, kind: "array" | "object"): string {
  return kind === "array"
    ? `${"[".repeat(depth)}${"]".repeat(depth)}`
    : `${'{"a":'.repeat(depth)}null${"}".repeat(depth)}`;
}
