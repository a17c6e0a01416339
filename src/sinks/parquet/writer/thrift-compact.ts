/**
 * Thrift compact protocol, write side only, just what Parquet metadata needs: structs, unions,
 * i16/i32/i64, bool, binary/string and lists. Field ids are written as deltas where possible.
 */
import type { ByteWriter } from './byte-writer.js';

/** Compact-protocol type codes. */
export const CT = {
  STOP: 0,
  TRUE: 1,
  FALSE: 2,
  BYTE: 3,
  I16: 4,
  I32: 5,
  I64: 6,
  DOUBLE: 7,
  BINARY: 8,
  LIST: 9,
  SET: 10,
  MAP: 11,
  STRUCT: 12,
} as const;

const utf8 = new TextEncoder();

/** Zigzag of a JS integer with |v| < 2^52 (exact arithmetic, no 32-bit truncation). */
function zigzag(v: number): number {
  return v >= 0 ? v * 2 : -v * 2 - 1;
}

/**
 * Writes one Thrift struct (and everything nested in it) into a ByteWriter. The caller writes the
 * fields of each struct in increasing id order and closes every struct it opens.
 */
export class CompactWriter {
  private last = 0;
  private readonly stack: number[] = [];

  constructor(readonly w: ByteWriter) {}

  private field(id: number, type: number): void {
    const d = id - this.last;
    if (d > 0 && d <= 15) this.w.u8((d << 4) | type);
    else {
      this.w.u8(type);
      this.w.varint(zigzag(id));
    }
    this.last = id;
  }

  /** An i8 field (compact protocol: one raw byte). */
  byte(id: number, v: number): void {
    this.field(id, CT.BYTE);
    this.w.u8(v & 0xff);
  }

  i16(id: number, v: number): void {
    this.field(id, CT.I16);
    this.w.varint(zigzag(v));
  }

  i32(id: number, v: number): void {
    this.field(id, CT.I32);
    this.w.varint(zigzag(v));
  }

  i64(id: number, v: number): void {
    this.field(id, CT.I64);
    this.w.varint(zigzag(v));
  }

  bool(id: number, v: boolean): void {
    this.field(id, v ? CT.TRUE : CT.FALSE);
  }

  binary(id: number, v: Uint8Array): void {
    this.field(id, CT.BINARY);
    this.w.varint(v.length);
    this.w.bytes(v);
  }

  string(id: number, v: string): void {
    this.binary(id, utf8.encode(v));
  }

  /** Opens a struct-typed field (also used for union members). */
  structBegin(id: number): void {
    this.field(id, CT.STRUCT);
    this.stack.push(this.last);
    this.last = 0;
  }

  /** Closes the innermost struct (or, at depth 0, the top-level struct). */
  structEnd(): void {
    this.w.u8(CT.STOP);
    this.last = this.stack.length ? this.stack.pop()! : 0;
  }

  /** An empty struct-typed field (`struct X {}` annotations, union members without content). */
  emptyStruct(id: number): void {
    this.structBegin(id);
    this.structEnd();
  }

  /** Opens a list field; follow with `size` elements written with the `elem*` methods. */
  listBegin(id: number, elemType: number, size: number): void {
    this.field(id, CT.LIST);
    if (size < 15) this.w.u8((size << 4) | elemType);
    else {
      this.w.u8(0xf0 | elemType);
      this.w.varint(size);
    }
  }

  /** Starts a struct element of a list; close it with `structEnd`. */
  elemStructBegin(): void {
    this.stack.push(this.last);
    this.last = 0;
  }

  elemI32(v: number): void {
    this.w.varint(zigzag(v));
  }

  elemString(v: string): void {
    const b = utf8.encode(v);
    this.w.varint(b.length);
    this.w.bytes(b);
  }
}
