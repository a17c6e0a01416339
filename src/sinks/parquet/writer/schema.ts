/**
 * The canonical schema (`COLUMNS`) as Parquet leaves and schema elements: every column OPTIONAL
 * with its Iceberg field id; strings BYTE_ARRAY STRING; timestamps INT64 TIMESTAMP(MICROS, UTC);
 * int INT32 INT(32); long INT64 INT(64); double DOUBLE; maps the standard 3-level MAP /
 * `key_value` (REQUIRED key, OPTIONAL value, field ids from MAP_FIELD_IDS).
 */
import { COLUMNS, MAP_FIELD_IDS } from '../../../schema/canonical.js';
import { CT, type CompactWriter } from './thrift-compact.js';

/** Parquet physical types (parquet.thrift `Type`). */
export const PT = { INT32: 1, INT64: 2, DOUBLE: 5, BYTE_ARRAY: 6 } as const;
/** Parquet encodings used here. */
export const ENC = { PLAIN: 0, RLE: 3, RLE_DICTIONARY: 8 } as const;

/** Value representation of a leaf. */
export type ValueKind = 'str' | 'i32' | 'i64' | 'f64';

/** One leaf column of the file (a column chunk per row group). */
export interface Leaf {
  /** Index into COLUMNS. */
  col: number;
  /** 0 = the column itself, 1 = map key, 2 = map value. */
  part: 0 | 1 | 2;
  kind: ValueKind;
  phys: number;
  maxDef: number;
  maxRep: number;
  path: string[];
  /** Try dictionary encoding (string leaves that are not known to be free text). */
  dictCandidate: boolean;
}

/** Free-text columns: never worth a dictionary attempt. */
const NO_DICT = new Set(['message', 'stack_trace']);

function kindOf(t: string): ValueKind {
  switch (t) {
    case 'int': return 'i32';
    case 'long':
    case 'timestamptz': return 'i64';
    case 'double': return 'f64';
    default: return 'str';
  }
}

const PHYS: Record<ValueKind, number> = { str: PT.BYTE_ARRAY, i32: PT.INT32, i64: PT.INT64, f64: PT.DOUBLE };

/** Leaves in file order. */
export const LEAVES: readonly Leaf[] = COLUMNS.flatMap((c, col): Leaf[] => {
  if (c.type === 'map') {
    return [
      { col, part: 1, kind: 'str', phys: PT.BYTE_ARRAY, maxDef: 2, maxRep: 1, path: [c.name, 'key_value', 'key'], dictCandidate: true },
      { col, part: 2, kind: 'str', phys: PT.BYTE_ARRAY, maxDef: 3, maxRep: 1, path: [c.name, 'key_value', 'value'], dictCandidate: true },
    ];
  }
  const kind = kindOf(c.type);
  return [{ col, part: 0, kind, phys: PHYS[kind], maxDef: 1, maxRep: 0, path: [c.name], dictCandidate: kind === 'str' && !NO_DICT.has(c.name) }];
});

const REQUIRED = 0;
const OPTIONAL = 1;
const REPEATED = 2;
/** ConvertedType values. */
const CV = { UTF8: 0, MAP: 1, MAP_KEY_VALUE: 2, TIMESTAMP_MICROS: 10, INT_32: 17, INT_64: 18 } as const;

function stringLeaf(t: CompactWriter, name: string, rep: number, id: number): void {
  t.elemStructBegin();
  t.i32(1, PT.BYTE_ARRAY);
  t.i32(3, rep);
  t.string(4, name);
  t.i32(6, CV.UTF8);
  t.i32(9, id);
  t.structBegin(10);
  t.emptyStruct(1); // STRING
  t.structEnd();
  t.structEnd();
}

/** Number of schema elements (root + groups + leaves). */
export const SCHEMA_ELEMENTS = 1 + COLUMNS.reduce((n, c) => n + (c.type === 'map' ? 4 : 1), 0);

/** Writes the elements of FileMetaData.schema (the caller has opened the list). */
export function writeSchemaElements(t: CompactWriter): void {
  t.elemStructBegin();
  t.string(4, 'schema');
  t.i32(5, COLUMNS.length);
  t.structEnd();
  for (const c of COLUMNS) {
    if (c.type === 'string') {
      stringLeaf(t, c.name, OPTIONAL, c.id);
      continue;
    }
    if (c.type === 'map') {
      const [kid, vid] = MAP_FIELD_IDS[c.name]!;
      t.elemStructBegin();
      t.i32(3, OPTIONAL);
      t.string(4, c.name);
      t.i32(5, 1);
      t.i32(6, CV.MAP);
      t.i32(9, c.id);
      t.structBegin(10);
      t.emptyStruct(2); // MAP
      t.structEnd();
      t.structEnd();
      t.elemStructBegin();
      t.i32(3, REPEATED);
      t.string(4, 'key_value');
      t.i32(5, 2);
      t.i32(6, CV.MAP_KEY_VALUE);
      t.structEnd();
      stringLeaf(t, 'key', REQUIRED, kid);
      stringLeaf(t, 'value', OPTIONAL, vid);
      continue;
    }
    t.elemStructBegin();
    t.i32(1, PHYS[kindOf(c.type)]);
    t.i32(3, OPTIONAL);
    t.string(4, c.name);
    if (c.type === 'timestamptz') t.i32(6, CV.TIMESTAMP_MICROS);
    else if (c.type === 'int') t.i32(6, CV.INT_32);
    else if (c.type === 'long') t.i32(6, CV.INT_64);
    t.i32(9, c.id);
    if (c.type === 'timestamptz' || c.type === 'int' || c.type === 'long') writeLogicalType(t, c.type);
    t.structEnd();
  }
}

/** Writes a SchemaElement's logicalType (field 10) of a flat column: STRING, TIMESTAMP(MICROS, UTC) or INT(32|64, signed). */
export function writeLogicalType(t: CompactWriter, type: 'string' | 'timestamptz' | 'int' | 'long'): void {
  t.structBegin(10);
  if (type === 'string') {
    t.emptyStruct(1); // STRING
  } else if (type === 'timestamptz') {
    t.structBegin(8); // TIMESTAMP
    t.bool(1, true); // isAdjustedToUTC
    t.structBegin(2); // unit
    t.emptyStruct(2); // MICROS
    t.structEnd();
    t.structEnd();
  } else {
    t.structBegin(10); // INTEGER
    t.byte(1, type === 'int' ? 32 : 64);
    t.bool(2, true);
    t.structEnd();
  }
  t.structEnd();
}

export { CT };
