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
 * and of each subject's records. Nothing is turned into text per record. Memory: eight bytes per
 * record beyond the dictionaries, so that hashing millions of records neither doubles the
 * process's memory nor sets off the collections a large allocation would. Uses Web Crypto,
 * which both Node 20 and browsers provide.
 *
 * @example
 * await dataSnapshotHash({ subjects: [{ subjectId: "PI-001", arm: "treated" }] }); // => "5c…" (64 hex digits)
 */
export async function dataSnapshotHash(
  records: Record<string, readonly unknown[]>,
): Promise<string> {
  // Digests run off the main thread: keep a few in flight while the next chunk is written.
  // Web Crypto copies its input when called, so a chunk's buffer may be written again at once.
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
 * header, the dictionaries, then the records. The records' chunks share one buffer: each is
 * valid until the next is asked for (copy it to keep it).
 *
 * The records are read twice, row by row with for-in: once for their keys, dictionaries and
 * subjects, then subject by subject to write them in canonical order. Reading a value again
 * costs less than keeping every encoded value between the passes.
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
  const survey = surveyRecords(kind, records);
  const encoder = new TextEncoder();
  yield encoder.encode(JSON.stringify([kind, records.length, survey.keys]));
  for (const dictionary of survey.dictionaries)
    yield encoder.encode(JSON.stringify([dictionary.strings, dictionary.objects]));
  yield* recordChunks(records as readonly Row[], survey);
}

/** A column's distinct strings and object texts, sorted, and where each text stands. */
interface Dictionary {
  strings: string[];
  objects: string[];
  /** The column's strings, each with its place among `strings`. */
  stringEntries: StringEntries;
  objectPlaces: Map<string, number>;
}

/** A distinct string of a column: its number as first seen, then its place in sorted order. */
interface StringEntry {
  text: string;
  id: number;
  place: number;
  /** The string that came after this one when last seen: records repeat their sequences. */
  next: StringEntry | undefined;
}

/**
 * A column's distinct strings. Looking a string up is the costly step of both readings, and
 * records repeat sequences (a draw's analytes come in the same order, one unit each), so each
 * entry remembers which string followed it: the map is asked only when that guess fails.
 */
class StringEntries {
  readonly byText = new Map<string, StringEntry>();
  private last: StringEntry | undefined;

  of(text: string): StringEntry {
    const last = this.last;
    if (last !== undefined) {
      if (last.text === text) return last;
      const next = last.next;
      if (next !== undefined && next.text === text) {
        this.last = next;
        return next;
      }
    }
    let entry = this.byText.get(text);
    if (entry === undefined) {
      entry = { text, id: this.byText.size, place: 0, next: undefined };
      this.byText.set(text, entry);
    }
    if (last !== undefined) last.next = entry;
    this.last = entry;
    return entry;
  }

  /** The strings in sorted order, each entry given its place among them. */
  sorted(): string[] {
    const texts = [...this.byText.keys()].sort();
    for (const [place, text] of texts.entries())
      (this.byText.get(text) as StringEntry).place = place;
    return texts;
  }
}

/** What the first reading of a kind's records finds. */
interface Survey {
  /** Keys holding a value in some record, sorted; each is a column of the canonical form. */
  keys: string[];
  dictionaries: Dictionary[];
  /** Positions grouped by subject (see `bySubject`), and where each subject's group ends. */
  order: Uint32Array;
  groupEnds: Uint32Array;
}

/**
 * The first reading: the records' keys, each key's dictionary, and the records grouped by
 * subject. A key that only ever holds undefined is absent everywhere and gets no column.
 */
function surveyRecords(kind: string, rows: readonly unknown[]): Survey {
  const reader = new DictionaryReader(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    if (row === null || typeof row !== "object" || Array.isArray(row))
      throw new TypeError(`${kind}[${i}] is not a record (an object of named values)`);
    reader.read(row as Row, i);
  }
  return reader.survey();
}

/**
 * The column of each key, for reading records with for-in. Records of one shape enumerate their
 * keys in the same order, so the column of each place is remembered and the key map is asked
 * only when the shape changes; new keys get the next column.
 */
class KeyColumns {
  readonly keys: string[] = [];
  private readonly byKey = new Map<string, number>();
  private readonly placeKeys: string[] = [];
  private readonly placeColumns: number[] = [];

  /** The column of the `place`-th key a record enumerates. */
  of(key: string, place: number): number {
    if (this.placeKeys[place] === key) return this.placeColumns[place];
    let column = this.byKey.get(key);
    if (column === undefined) {
      column = this.keys.length;
      this.byKey.set(key, column);
      this.keys.push(key);
    }
    this.placeKeys[place] = key;
    this.placeColumns[place] = column;
    return column;
  }

  /** The column of a key, −1 when no record had it. */
  find(key: string): number {
    return this.byKey.get(key) ?? -1;
  }
}

/**
 * The first reading, record by record: each column's strings and objects numbered as first
 * seen, whether it holds any value, and each record's subject. Per-column state lives in
 * parallel arrays indexed by column, so the loop costs little more than reading the values.
 */
class DictionaryReader {
  private readonly columns = new KeyColumns();
  private readonly held: boolean[] = [];
  private readonly strings: StringEntries[] = [];
  private readonly objectIds: Map<string, number>[] = [];
  /** Each record's subject: 1 + the first-seen number of its `subjectId`, 0 for none. */
  private readonly subjects: Uint32Array;

  constructor(count: number) {
    this.subjects = new Uint32Array(count);
  }

  read(row: Row, i: number): void {
    let place = 0;
    for (const key in row) {
      const column = this.columns.of(key, place++);
      if (column === this.held.length) this.addColumn();
      const raw = row[key];
      if (typeof raw === "number") {
        this.held[column] = true; // any number: finite or, as JSON writes it, null
        continue;
      }
      const value = canonicalValue(raw);
      if (value === undefined) continue;
      this.held[column] = true;
      if (typeof value === "string") {
        const entry = this.strings[column].of(value);
        if (key === "subjectId") this.subjects[i] = entry.id + 1;
      } else if (typeof value === "object" && value !== null)
        idOf(this.objectIds[column], JSON.stringify(value));
    }
  }

  private addColumn(): void {
    this.held.push(false);
    this.strings.push(new StringEntries());
    this.objectIds.push(new Map());
  }

  survey(): Survey {
    const held = this.columns.keys
      .map((key, column) => ({ key, column }))
      .filter(({ column }) => this.held[column])
      .sort((a, b) => (a.key < b.key ? -1 : 1));
    const dictionaries = held.map(({ column }) =>
      sortedDictionary(this.strings[column], this.objectIds[column]),
    );
    const subjectColumn = this.columns.find("subjectId");
    const subjectPlaces =
      subjectColumn >= 0 ? placesById(this.strings[subjectColumn]) : new Float64Array(0);
    return {
      keys: held.map(({ key }) => key),
      dictionaries,
      ...bySubject(this.subjects, subjectPlaces),
    };
  }
}

/**
 * A value as the canonical form sees it: strings, finite numbers (−0 as 0), booleans and null
 * as they are; NaN and ±Infinity as null; objects copied with sorted keys (`sortedKeys`);
 * undefined, functions and symbols as undefined (absent), as in a JSON object.
 */
function canonicalValue(raw: unknown): unknown {
  switch (typeof raw) {
    case "string":
    case "boolean":
      return raw;
    case "number":
      return Number.isFinite(raw) ? (raw === 0 ? 0 : raw) : null;
    case "object": {
      if (raw === null) return null;
      const value = sortedKeys(raw);
      // A `toJSON` (as of a date) may give a primitive, which counts as that primitive.
      return value !== null && typeof value === "object" ? value : canonicalValue(value);
    }
    default:
      return undefined;
  }
}

function idOf(ids: Map<string, number>, text: string): number {
  let id = ids.get(text);
  if (id === undefined) {
    id = ids.size;
    ids.set(text, id);
  }
  return id;
}

/** For each first-seen number of a column's strings, its place in sorted order. */
function placesById(strings: StringEntries): Float64Array {
  strings.sorted();
  const places = new Float64Array(strings.byText.size);
  for (const entry of strings.byText.values()) places[entry.id] = entry.place;
  return places;
}

function sortedDictionary(
  stringEntries: StringEntries,
  objectIds: Map<string, number>,
): Dictionary {
  const objects = [...objectIds.keys()].sort();
  return {
    strings: stringEntries.sorted(),
    objects,
    stringEntries,
    objectPlaces: new Map(objects.map((text, place) => [text, place])),
  };
}

/**
 * Positions grouped by subject, in input order within each: a counting sort on the place of the
 * subject's id in the sorted dictionary (group 0 for records without a string id). `subjects`
 * (1 + each record's first-seen subject number, 0 for none) is overwritten with the groups.
 */
function bySubject(
  subjects: Uint32Array,
  places: Float64Array,
): { order: Uint32Array; groupEnds: Uint32Array } {
  const count = subjects.length;
  // Each record's group, written over its subject's first-seen number (no second array).
  const groups = subjects;
  for (let i = 0; i < count; i++) groups[i] = groups[i] === 0 ? 0 : places[groups[i] - 1] + 1;
  const groupEnds = new Uint32Array(places.length + 1);
  for (let i = 0; i < count; i++) groupEnds[groups[i]]++;
  for (let g = 1; g < groupEnds.length; g++) groupEnds[g] += groupEnds[g - 1];
  const next = new Uint32Array(groupEnds.length);
  for (let g = 1; g < next.length; g++) next[g] = groupEnds[g - 1];
  const order = new Uint32Array(count);
  for (let i = 0; i < count; i++) order[next[groups[i]]++] = i;
  return { order, groupEnds };
}

/**
 * The second reading: subject by subject, each group's records encoded, put in canonical order
 * and copied into the chunk being filled, which is yielded when full.
 */
function* recordChunks(rows: readonly Row[], survey: Survey): Generator<Uint8Array<ArrayBuffer>> {
  const group = new GroupEncoder(survey);
  const chunk = new ChunkWriter(survey.keys.length, rows.length);
  let start = 0;
  for (const end of survey.groupEnds) {
    group.encode(rows, survey.order.subarray(start, end));
    const order = group.canonicalOrder();
    for (let from = 0; from < order.length; ) {
      from += chunk.copyRecords(group, order, from);
      if (chunk.full) yield chunk.take();
    }
    start = end;
  }
}

/** Group places fit below this in a packed sort value (key · 2²¹ + place < 2⁵³). */
const placeLimit = 0x20_0000;

const numberBits = new Float64Array(1);
const numberWords = new Uint32Array(numberBits.buffer);

/**
 * One subject's records encoded column-major in reused buffers: per column a tag and a number
 * per record (strings and objects as their sorted dictionary places), with a 32-bit content
 * key per record that orders them.
 */
class GroupEncoder {
  private readonly columns = new KeyColumns();
  /** Sorted column of each `KeyColumns` column; −1 for a key that never holds a value. */
  private readonly sortedColumn: number[] = [];
  private readonly keys: string[];
  private readonly dictionaries: Dictionary[];
  private capacity = 0;
  size = 0;
  tags = new Uint8Array(0);
  values = new Float64Array(0);
  private content = new Uint32Array(0);
  /** The two lanes of the content keys while they are mixed. */
  private high = new Uint32Array(0);
  private low = new Uint32Array(0);
  private packed = new Float64Array(0);
  private positions = new Uint32Array(0);

  constructor({ keys, dictionaries }: Survey) {
    this.keys = keys;
    this.dictionaries = dictionaries;
  }

  encode(rows: readonly Row[], group: Uint32Array): void {
    this.reserve(group.length);
    this.size = group.length;
    // A key a record lacks stays tag 0 and value 0: clear what the last group wrote.
    for (let c = 0; c < this.keys.length; c++) {
      this.tags.fill(0, c * this.capacity, c * this.capacity + group.length);
      this.values.fill(0, c * this.capacity, c * this.capacity + group.length);
    }
    const { tags: kinds, values, capacity, dictionaries } = this;
    for (let j = 0; j < group.length; j++) {
      const row = rows[group[j]];
      let place = 0;
      for (const key in row) {
        const column = this.columns.of(key, place++);
        if (column === this.sortedColumn.length) this.sortedColumn.push(this.keys.indexOf(key));
        const sorted = this.sortedColumn[column];
        if (sorted < 0) continue;
        const at = sorted * capacity + j;
        const raw = row[key];
        // Strings and finite numbers, nearly every value, are written here; the rest below.
        if (typeof raw === "string") {
          kinds[at] = tags.string;
          values[at] = dictionaries[sorted].stringEntries.of(raw).place;
        } else if (typeof raw === "number" && Number.isFinite(raw)) {
          kinds[at] = tags.number;
          values[at] = raw === 0 ? 0 : raw;
        } else this.write(at, sorted, canonicalValue(raw));
      }
    }
    this.mixContentKeys();
  }

  private write(at: number, column: number, value: unknown): void {
    switch (typeof value) {
      case "string":
        this.tags[at] = tags.string;
        this.values[at] = this.dictionaries[column].stringEntries.of(value).place;
        return;
      case "number": // what an object's toJSON gave
        this.tags[at] = tags.number;
        this.values[at] = value;
        return;
      case "boolean":
        this.tags[at] = value ? tags.true : tags.false;
        return;
      case "object":
        if (value === null) this.tags[at] = tags.null;
        else {
          this.tags[at] = tags.object;
          const text = JSON.stringify(value);
          this.values[at] = this.dictionaries[column].objectPlaces.get(text) as number;
        }
    }
  }

  private reserve(size: number): void {
    if (size <= this.capacity) return;
    this.capacity = Math.max(size, this.capacity * 2, 64);
    this.tags = new Uint8Array(this.keys.length * this.capacity);
    this.values = new Float64Array(this.keys.length * this.capacity);
    this.content = new Uint32Array(this.capacity);
    this.high = new Uint32Array(this.capacity);
    this.low = new Uint32Array(this.capacity);
    this.packed = new Float64Array(this.capacity);
    this.positions = new Uint32Array(this.capacity);
  }

  /** The offset of column `c`'s value for the group's `j`-th record. */
  at(c: number, j: number): number {
    return c * this.capacity + j;
  }

  /**
   * A 32-bit key per record mixed from its encoded values (tag and number of each column),
   * column by column, through two multiply-xor lanes as in cyrb53. It only orders the records:
   * every value reaches SHA-256 whatever the key.
   */
  private mixContentKeys(): void {
    const { high, low, size } = this;
    high.fill(0x9e3779b9, 0, size);
    low.fill(0x85ebca6b, 0, size);
    // Column by column, each column's values read in a row.
    for (let c = 0; c < this.keys.length; c++)
      for (let j = 0, at = c * this.capacity; j < size; j++, at++) {
        numberBits[0] = this.values[at];
        const tag = this.tags[at];
        high[j] = Math.imul(Math.imul(high[j] ^ tag, 2654435761) ^ numberWords[0], 2654435761);
        low[j] = Math.imul(Math.imul(low[j] ^ tag, 1597334677) ^ numberWords[1], 1597334677);
      }
    for (let j = 0; j < size; j++)
      this.content[j] =
        Math.imul(high[j] ^ (high[j] >>> 16), 2246822507) ^
        Math.imul(low[j] ^ (low[j] >>> 13), 3266489909);
  }

  /**
   * The group's records in canonical order, as places in the group: by content key (each
   * becomes the number key · 2²¹ + place, so that the engine's numeric sort of a Float64Array
   * does the work), runs of equal keys then value by value.
   */
  canonicalOrder(): Uint32Array {
    const order = this.positions.subarray(0, this.size);
    if (this.size >= placeLimit) {
      for (let j = 0; j < this.size; j++) order[j] = j;
      order.sort((a, b) => this.content[a] - this.content[b]);
    } else {
      const packed = this.packed.subarray(0, this.size);
      for (let j = 0; j < this.size; j++) packed[j] = this.content[j] * placeLimit + j;
      packed.sort();
      for (let j = 0; j < this.size; j++) order[j] = packed[j] % placeLimit;
    }
    for (let start = 0; start < this.size; ) {
      let end = start + 1;
      while (end < this.size && this.content[order[end]] === this.content[order[start]]) end++;
      if (end - start > 1) order.subarray(start, end).sort((a, b) => this.compareValues(a, b));
      start = end;
    }
    return order;
  }

  /** Two records compared column by column: tag, then number (dictionary places are sorted). */
  private compareValues(a: number, b: number): number {
    for (let c = 0; c < this.keys.length; c++) {
      const x = c * this.capacity;
      if (this.tags[x + a] !== this.tags[x + b]) return this.tags[x + a] - this.tags[x + b];
      if (this.values[x + a] !== this.values[x + b])
        return this.values[x + a] < this.values[x + b] ? -1 : 1;
    }
    return 0;
  }
}

/**
 * The chunk of records being filled, in one buffer reused for every chunk: every column's tags
 * (one byte per record), padding to a multiple of 8 bytes, then every column's values (a
 * float64 per record). A chunk holds 20,000 records, the last one what remains.
 */
class ChunkWriter {
  private readonly buffer: ArrayBuffer;
  private bytes = new Uint8Array(0);
  private values = new Float64Array(0);
  private size = 0;
  private filled = 0;
  private left: number;

  constructor(
    private readonly columnCount: number,
    count: number,
  ) {
    this.left = count;
    this.buffer = new ArrayBuffer(chunkBytes(columnCount, Math.min(count, chunkRecords)));
    this.start();
  }

  get full(): boolean {
    return this.filled === this.size;
  }

  /**
   * Copies a group's records, in the given order from `from`, until the chunk is full or the
   * group ends, column by column; returns how many it copied.
   */
  copyRecords(group: GroupEncoder, order: Uint32Array, from: number): number {
    const count = Math.min(this.size - this.filled, order.length - from);
    for (let c = 0; c < this.columnCount; c++) {
      const source = group.at(c, 0);
      const target = c * this.size + this.filled;
      for (let k = 0; k < count; k++) {
        const at = source + order[from + k];
        this.bytes[target + k] = group.tags[at];
        this.values[target + k] = group.values[at];
      }
    }
    this.filled += count;
    return count;
  }

  /** The full chunk; the writer moves on to the next one in the same buffer. */
  take(): Uint8Array<ArrayBuffer> {
    const chunk = this.bytes;
    chunk.fill(0, this.columnCount * this.size, this.values.byteOffset); // the tags' padding
    this.left -= this.size;
    this.start();
    return chunk;
  }

  private start(): void {
    this.size = Math.min(this.left, chunkRecords);
    this.filled = 0;
    const tagBytes = Math.ceil((this.columnCount * this.size) / 8) * 8;
    this.bytes = new Uint8Array(this.buffer, 0, chunkBytes(this.columnCount, this.size));
    this.values = new Float64Array(this.buffer, tagBytes, this.columnCount * this.size);
  }
}

function chunkBytes(columnCount: number, size: number): number {
  return Math.ceil((columnCount * size) / 8) * 8 + columnCount * size * 8;
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

async function sha256(bytes: Uint8Array<ArrayBuffer>): Promise<Uint8Array<ArrayBuffer>> {
  return new Uint8Array(await globalThis.crypto.subtle.digest("SHA-256", bytes));
}
