/**
 * The answer of a ListObjectsV2 request (`ListBucketResult` XML) read without an XML library:
 * what a listing needs of it is a flat list of `<Contents>` elements (key, size, ETag, last
 * modified) and two flags, and element text cannot hold a `<`, so the elements are found with
 * `indexOf`. Anything this reader does not expect (CDATA, an unknown entity, a missing or
 * malformed field) throws: the caller then lists that page through
 * the SDK. Keys come URL-encoded when the answer says `<EncodingType>url</EncodingType>` (asked
 * for with `encoding-type=url`, so that keys with characters XML 1.0 cannot carry are listed too),
 * else XML-escaped.
 */

/** One listed object. */
export interface ListedObject {
  key: string;
  size: number;
  /** As S3 returns it (quoted). */
  etag: string;
  lastModified: Date;
}

/** One page of a listing. */
export interface ListPage {
  objects: ListedObject[];
  truncated: boolean;
  /** The continuation token of the next page (when truncated). */
  next: string | undefined;
}

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Replaces XML character and entity references; throws on an unknown entity. */
export function xmlText(s: string): string {
  if (s.indexOf('&') < 0) return s;
  return s.replace(/&([^;&]*);?/g, (all, name: string) => {
    if (!all.endsWith(';')) throw new Error(`bad XML reference ${JSON.stringify(all)}`);
    const named = NAMED[name];
    if (named !== undefined) return named;
    const m = /^#(?:x([0-9a-fA-F]{1,6})|([0-9]{1,7}))$/.exec(name);
    const code = m ? (m[1] !== undefined ? parseInt(m[1], 16) : Number(m[2])) : NaN;
    if (!(code >= 0 && code <= 0x10ffff)) throw new Error(`bad XML reference ${JSON.stringify(all)}`);
    return String.fromCodePoint(code);
  });
}

/** `+` and `%XX` as S3's `encoding-type=url` writes them (form encoding). */
function urlDecoded(s: string): string {
  return decodeURIComponent(s.replace(/\+/g, ' '));
}

/** The text of the first `<name>…</name>` in `xml[from, to)`, undefined when there is none. */
function element(xml: string, name: string, from = 0, to = xml.length): string | undefined {
  const open = `<${name}>`;
  const i = xml.indexOf(open, from);
  if (i < 0 || i >= to) return undefined;
  const j = xml.indexOf(`</${name}>`, i + open.length);
  if (j < 0 || j > to) throw new Error(`unclosed <${name}>`);
  return xml.slice(i + open.length, j);
}

/** Reads one ListObjectsV2 answer; throws on anything unexpected (see the module comment). */
export function parseListV2(xml: string): ListPage {
  if (xml.indexOf('<ListBucketResult') < 0) throw new Error('not a ListBucketResult');
  if (xml.indexOf('<![CDATA[') >= 0) throw new Error('CDATA in a listing');
  const encoding = element(xml, 'EncodingType');
  const url = encoding === 'url';
  if (encoding !== undefined && !url) throw new Error(`unknown EncodingType ${encoding}`);
  const objects: ListedObject[] = [];
  let pos = 0;
  // the flags sit outside <Contents>; collect that text as it goes
  let outside = '';
  for (;;) {
    const i = xml.indexOf('<Contents>', pos);
    if (i < 0) break;
    const end = xml.indexOf('</Contents>', i);
    if (end < 0) throw new Error('unclosed <Contents>');
    outside += xml.slice(pos, i);
    const rawKey = element(xml, 'Key', i, end);
    const size = element(xml, 'Size', i, end);
    const etag = element(xml, 'ETag', i, end);
    const modified = element(xml, 'LastModified', i, end);
    if (rawKey === undefined || size === undefined || !/^\d{1,15}$/.test(size)) throw new Error('a <Contents> without Key or Size');
    const key = url ? urlDecoded(xmlText(rawKey)) : xmlText(rawKey);
    const lastModified = modified === undefined ? new Date(0) : new Date(modified);
    if (Number.isNaN(lastModified.getTime())) throw new Error(`bad LastModified ${modified}`);
    objects.push({ key, size: Number(size), etag: etag === undefined ? '' : xmlText(etag), lastModified });
    pos = end + '</Contents>'.length;
  }
  outside += xml.slice(pos);
  const truncated = element(outside, 'IsTruncated');
  if (truncated !== 'true' && truncated !== 'false') throw new Error('no IsTruncated');
  const token = element(outside, 'NextContinuationToken');
  return { objects, truncated: truncated === 'true', next: token === undefined ? undefined : xmlText(token) };
}
