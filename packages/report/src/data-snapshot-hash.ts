/** Records per digested chunk: each chunk's bytes stay a few megabytes at any cohort size. */
const chunkRecords = 20_000;

/** Type tags of a value in the canonical form; 0 (absent) is where a record lacks the key. */
const tags = { absent: 0, string: 1, number: 2, true: 3, false: 4, null: 6, object: 7 } as const;

/**
 * SHA-256 (hex) of the records an analysis used, in a canonical form, so that two stores holding
 * the same records give the same hash whatever order they return rows (or keys) in, and any
 * changed, added or removed value changes it. Values count as JSON sees them: -0 is 0; NaN and
 * ±Infinity are null; a date is its ISO text; a key holding `undefined` is absent.
 *
 * The canonical form of a kind (`canonicalChunks`), digested chunk by chunk; the hash is SHA-256
 * of the chunk digests in order, kinds by name:
 * - a header, the JSON text `[kind, number of records, [keys in sorted order]]`;
 * - per key, its dictionary: the JSON text `[[distinct strings], [distinct objects as JSON with
 *   sorted keys]]`, both sorted;
 * - the records in canonical order, 20,000 per chunk: per key a type tag per record (one byte),
 *   then per key a little-endian float64 per record (the number; for a string or an object, its
 *   place in the dictionary; else 0).
 * The form reads back into exactly one list of records, so it loses nothing, and SHA-256 sees
 * every value. The canonical order depends on the records' content only: by subject
 * (`subjectId`, strings in code-unit order), then by a 32-bit key mixed from the record's
 * encoded values, then value by value for the rare records whose keys are equal (identical
 * records are interchangeable).
 *
 * Complexity: linear in the number of values, plus the sort of each column's distinct strings
 * and of each subject's records. Nothing is turned into text per record; records are read once,
 * row by row. Uses Web Crypto, which both Node 20 and browsers provide.
 *
 * @example
 * await dataSnapshotHash({ subjects: [{ subjectId: "PI-001", arm: "treated" }] }); // => "5c…" (64 hex digits)
 */
export async function dataSnapshotHash(
  records: Record<string, readonly unknown[]>,
): Promise<string> {
  // Digests run off the main thread: keep a few in flight while the next chunk is written.
  const pending: Promise<Uint8Array<ArrayBuffer>>[] = [];
  const digests: Uint8Array<ArrayBuffer>[] = [];
  for (const kind of Object.keys(records).sort())
    for (const chunk of canonicalChunks(kind, records[kind])) {
      pending.push(sha256(chunk));
      if (pending.length - digests.length > 4) digests.push(await pending[digests.length]);
    }
  digests.push(...(await Promise.all(pending.slice(digests.length))));
  const joined = new Uint8Array(digests.length * 32);
  for (const [i, digest] of digests.entries()) joined.set(digest, i * 32);
  return Array.from(await sha256(joined), (byte) => byte.toString(16).padStart(2, "0")).join("");
}

type Row = Record<string, unknown>;

/**
 * The canonical form of one kind of record, chunk by chunk (see `dataSnapshotHash`): the
 * header, the dictionaries, then the records.
 *
 * @example
 * [...canonicalChunks("subjects", [{ subjectId: "PI-001", arm: "treated" }])].length; // => 4
 */
export function* canonicalChunks(
  kind: string,
  records: readonly unknown[],
): Generator<Uint8Array<ArrayBuffer>> {
  if (new Uint8Array(new Float64Array([1]).buffer)[7] !== 0x3f)
    throw new Error("the data snapshot hash is defined on little-endian platforms");
  const encoded = encodeColumns(records as readonly Row[], columnKeys(kind, records));
  // A key that only ever holds undefined is absent everywhere: it gets no column.
  const held = [...encoded.entries()].filter(([, column]) => column.tags.some((tag) => tag > 0));
  const keys = held.map(([key]) => key);
  const columns = held.map(([, column]) => column);
  const encoder = new TextEncoder();
  yield encoder.encode(JSON.stringify([kind, records.length, keys]));
  for (const column of columns)
    yield encoder.encode(JSON.stringify([column.strings, column.objects]));
  const order = recordOrder(columns, records.length, keys.indexOf("subjectId"));
  for (let from = 0; from < order.length; from += chunkRecords)
    yield chunkBytes(columns, order.subarray(from, from + chunkRecords));
}

/**
 * The sorted union of the records' own keys. Records of one source share their keys, so a
 * record whose keys (in for-in order) repeat the last ones seen adds nothing and is not copied.
 */
function columnKeys(kind: string, records: readonly unknown[]): string[] {
  const keys = new Set<string>();
  let known: string[] = [];
  for (let i = 0; i < records.length; i++) {
    const record = records[i];
    if (record === null || typeof record !== "object" || Array.isArray(record))
      throw new TypeError(`${kind}[${i}] is not a record (an object of named values)`);
    let seen = 0;
    let same = true;
    for (const key in record)
      if (key !== known[seen++]) {
        same = false;
        break;
      }
    if (same && seen === known.length) continue;
    known = Object.keys(record);
    for (const key of known) keys.add(key);
  }
  return [...keys].sort();
}

/** One key's values for every record: a type tag and a number each, and the dictionaries. */
interface Column {
  tags: Uint8Array;
  values: Float64Array;
  /** Distinct strings and object texts, sorted once every record is read. */
  strings: string[];
  objects: string[];
}

/** A column while the records are read: dictionaries give each new text the next number. */
interface OpenColumn extends Column {
  stringIds: Map<string, number>;
  objectIds: Map<string, number>;
  /** The last string seen and its number: consecutive records often repeat one. */
  lastString: string | undefined;
  lastId: number;
}

/**
 * Reads the records once, row by row with for-in (several times faster than reading one key of
 * every record, whose lookups V8 cannot cache), into typed columns; then numbers each column's
 * strings and objects by their place in sorted order, so that the numbers depend on content.
 */
function encodeColumns(rows: readonly Row[], keys: string[]): Map<string, Column> {
  const columns: OpenColumn[] = keys.map(() => ({
    tags: new Uint8Array(rows.length),
    values: new Float64Array(rows.length),
    strings: [],
    objects: [],
    stringIds: new Map(),
    objectIds: new Map(),
    lastString: undefined,
    lastId: 0,
  }));
  const index = new ColumnIndex(keys);
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    let place = 0;
    for (const key in row) {
      const column = index.of(key, place++);
      if (column >= 0) encodeValue(columns[column], i, row[key]);
    }
  }
  return new Map(keys.map((key, c) => [key, sortDictionaries(columns[c])]));
}

function encodeValue(column: OpenColumn, i: number, raw: unknown): void {
  const value = raw !== null && typeof raw === "object" ? sortedKeys(raw) : raw;
  if (typeof value === "string") {
    if (value !== column.lastString) {
      column.lastString = value;
      column.lastId = idOf(column.stringIds, value);
    }
    column.tags[i] = tags.string;
    column.values[i] = column.lastId;
  } else if (typeof value === "number") {
    if (Number.isFinite(value)) {
      column.tags[i] = tags.number;
      column.values[i] = value === 0 ? 0 : value; // JSON writes -0 as 0
    } else column.tags[i] = tags.null;
  } else if (typeof value === "boolean") column.tags[i] = value ? tags.true : tags.false;
  else if (value === null) column.tags[i] = tags.null;
  else if (typeof value === "object") {
    column.tags[i] = tags.object;
    column.values[i] = idOf(column.objectIds, JSON.stringify(value));
  }
  // undefined, functions and symbols: absent, as in a JSON object (tag 0).
}

function idOf(ids: Map<string, number>, text: string): number {
  let id = ids.get(text);
  if (id === undefined) {
    id = ids.size;
    ids.set(text, id);
  }
  return id;
}

/** Sorts a column's dictionaries and renumbers its strings and objects by sorted place. */
function sortDictionaries(column: OpenColumn): Column {
  const renumber = (ids: Map<string, number>): [string[], Float64Array] => {
    const texts = [...ids.keys()].sort();
    const place = new Float64Array(texts.length);
    for (const [sorted, text] of texts.entries()) place[ids.get(text) as number] = sorted;
    return [texts, place];
  };
  const [strings, stringPlace] = renumber(column.stringIds);
  const [objects, objectPlace] = renumber(column.objectIds);
  const { tags: kinds, values } = column;
  for (let i = 0; i < values.length; i++)
    if (kinds[i] === tags.string) values[i] = stringPlace[values[i]];
    else if (kinds[i] === tags.object) values[i] = objectPlace[values[i]];
  return { tags: kinds, values, strings, objects };
}

/**
 * The column of each key, for reading records with for-in. Records of one shape enumerate their
 * keys in the same order, so the columns of the last record are remembered by place and the Map
 * is asked only when the shape changes.
 */
class ColumnIndex {
  private readonly byKey: Map<string, number>;
  private readonly lastKeys: string[] = [];
  private readonly lastColumns: number[] = [];

  constructor(keys: string[]) {
    this.byKey = new Map(keys.map((key, column) => [key, column]));
  }

  /** The column of the `place`-th key a record enumerates; −1 for a key that is not its own. */
  of(key: string, place: number): number {
    if (this.lastKeys[place] === key) return this.lastColumns[place];
    const column = this.byKey.get(key) ?? -1;
    this.lastKeys[place] = key;
    this.lastColumns[place] = column;
    return column;
  }
}

/**
 * A value as JSON sees it (after `toJSON`, as for dates), objects copied with their keys in
 * sorted order at every depth, so that JSON.stringify writes them canonically.
 */
function sortedKeys(value: unknown): unknown {
  const plain =
    value !== null && typeof (value as { toJSON?: unknown }).toJSON === "function"
      ? (value as { toJSON: () => unknown }).toJSON()
      : value;
  if (plain === null || typeof plain !== "object") return plain;
  if (Array.isArray(plain)) return plain.map(sortedKeys);
  const copy: Row = {};
  for (const key of Object.keys(plain).sort()) {
    const member = sortedKeys((plain as Row)[key]);
    if (member !== undefined && typeof member !== "function" && typeof member !== "symbol")
      copy[key] = member;
  }
  return copy;
}

/**
 * The canonical order of the records, as positions: grouped by subject (the `subjectId` column's
 * strings in sorted order, records without one first), within a subject ascending by a 32-bit
 * key mixed from the encoded values, equal keys value by value.
 */
function recordOrder(columns: Column[], count: number, subjectColumn: number): Uint32Array {
  const content = contentKeys(columns, count);
  const { order, groupEnds } = bySubject(columns[subjectColumn], count);
  const scratch = new Float64Array(0x1_0000);
  let start = 0;
  for (const end of groupEnds) {
    sortByContent(order.subarray(start, end), content, columns, scratch);
    start = end;
  }
  return order;
}

/**
 * Positions grouped by subject, in input order within each: a counting sort on the place of the
 * subject's id in the sorted dictionary (group 0 for records without a string id).
 */
function bySubject(
  subjects: Column | undefined,
  count: number,
): { order: Uint32Array; groupEnds: Uint32Array } {
  const groups = new Uint32Array(count);
  if (subjects)
    for (let i = 0; i < count; i++)
      if (subjects.tags[i] === tags.string) groups[i] = subjects.values[i] + 1;
  const groupEnds = new Uint32Array((subjects?.strings.length ?? 0) + 1);
  for (let i = 0; i < count; i++) groupEnds[groups[i]]++;
  for (let g = 1; g < groupEnds.length; g++) groupEnds[g] += groupEnds[g - 1];
  const next = new Uint32Array(groupEnds.length);
  for (let g = 1; g < next.length; g++) next[g] = groupEnds[g - 1];
  const order = new Uint32Array(count);
  for (let i = 0; i < count; i++) order[next[groups[i]]++] = i;
  return { order, groupEnds };
}

const numberBits = new Float64Array(1);
const numberWords = new Uint32Array(numberBits.buffer);

/**
 * A 32-bit key per record mixed from its encoded values (tag and number of each column), column
 * by column, through two multiply-xor lanes as in cyrb53. It only orders the records: every
 * value reaches SHA-256 whatever the key.
 */
function contentKeys(columns: Column[], count: number): Uint32Array {
  const high = new Uint32Array(count).fill(0x9e3779b9);
  const low = new Uint32Array(count).fill(0x85ebca6b);
  for (const { tags: kinds, values } of columns)
    for (let i = 0; i < count; i++) {
      numberBits[0] = values[i];
      let h1 = Math.imul(high[i] ^ kinds[i], 2654435761);
      let h2 = Math.imul(low[i] ^ kinds[i], 1597334677);
      h1 = Math.imul(h1 ^ numberWords[0], 2654435761);
      h2 = Math.imul(h2 ^ numberWords[1], 1597334677);
      high[i] = h1;
      low[i] = h2;
    }
  for (let i = 0; i < count; i++) {
    const h1 = high[i];
    const h2 = low[i];
    high[i] = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  }
  return high;
}

/** Group places fit below this in a packed sort value (key · 2²¹ + place < 2⁵³). */
const placeLimit = 0x20_0000;

/**
 * Sorts one subject's positions by content key, in place: each becomes the number
 * key · 2²¹ + its place in the group, so that the engine's numeric sort of a Float64Array does
 * the work; runs of equal keys are then put in order value by value.
 */
function sortByContent(
  group: Uint32Array,
  content: Uint32Array,
  columns: Column[],
  scratch: Float64Array,
): void {
  if (group.length < 2) return;
  const original = group.slice();
  if (group.length >= placeLimit) {
    original.sort((a, b) => content[a] - content[b]);
    group.set(original);
  } else {
    const packed =
      group.length <= scratch.length
        ? scratch.subarray(0, group.length)
        : new Float64Array(group.length);
    for (let i = 0; i < group.length; i++) packed[i] = content[group[i]] * placeLimit + i;
    packed.sort();
    for (let i = 0; i < group.length; i++) group[i] = original[packed[i] % placeLimit];
  }
  for (let start = 0; start < group.length; ) {
    let end = start + 1;
    while (end < group.length && content[group[end]] === content[group[start]]) end++;
    if (end - start > 1) group.subarray(start, end).sort((a, b) => compareValues(columns, a, b));
    start = end;
  }
}

/** Two records compared column by column: tag, then number (dictionary places are sorted). */
function compareValues(columns: Column[], a: number, b: number): number {
  for (const { tags: kinds, values } of columns) {
    if (kinds[a] !== kinds[b]) return kinds[a] - kinds[b];
    if (values[a] !== values[b]) return values[a] < values[b] ? -1 : 1;
  }
  return 0;
}

/**
 * One chunk of records in canonical order: every column's tags (one byte per record), padding
 * to a multiple of 8 bytes, then every column's values (a float64 per record).
 */
function chunkBytes(columns: Column[], chunk: Uint32Array): Uint8Array<ArrayBuffer> {
  const n = chunk.length;
  const tagBytes = Math.ceil((columns.length * n) / 8) * 8;
  const bytes = new Uint8Array(tagBytes + columns.length * n * 8);
  const values = new Float64Array(bytes.buffer, tagBytes);
  for (const [c, column] of columns.entries())
    for (let j = 0; j < n; j++) {
      bytes[c * n + j] = column.tags[chunk[j]];
      values[c * n + j] = column.values[chunk[j]];
    }
  return bytes;
}

async function sha256(bytes: Uint8Array<ArrayBuffer>): Promise<Uint8Array<ArrayBuffer>> {
  return new Uint8Array(await globalThis.crypto.subtle.digest("SHA-256", bytes));
}
