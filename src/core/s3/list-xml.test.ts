import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseListV2, xmlText } from './list-xml.js';

const page = (contents: string, tail = '<IsTruncated>false</IsTruncated>', head = ''): string =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">${head}<Name>b</Name><Prefix>p/</Prefix>${contents}${tail}</ListBucketResult>`;
const obj = (key: string, size = 12, etag = '&quot;0123&quot;', extra = ''): string =>
  `<Contents><Key>${key}</Key><LastModified>2026-03-02T10:15:30.000Z</LastModified><ETag>${etag}</ETag><Size>${size}</Size>${extra}<StorageClass>STANDARD</StorageClass></Contents>`;

test('keys, sizes, ETags and dates of a page; the continuation token', () => {
  const xml = page(obj('p/a &amp; b &lt;c&gt; &#233;&#x1F600;.json', 7) + obj('p/z.json', 0, '"x"', '<Owner><ID>o</ID></Owner>'),
    '<IsTruncated>true</IsTruncated><NextContinuationToken>1/a+b&amp;c==</NextContinuationToken><KeyCount>2</KeyCount>');
  const p = parseListV2(xml);
  assert.deepEqual(p.objects, [
    { key: 'p/a & b <c> é😀.json', size: 7, etag: '"0123"', lastModified: new Date('2026-03-02T10:15:30.000Z') },
    { key: 'p/z.json', size: 0, etag: '"x"', lastModified: new Date('2026-03-02T10:15:30.000Z') },
  ]);
  assert.equal(p.truncated, true);
  assert.equal(p.next, '1/a+b&c==');
  const last = parseListV2(page(''));
  assert.deepEqual(last, { objects: [], truncated: false, next: undefined });
});

test('keys URL-encoded when the answer says EncodingType url (form encoding: + is a space)', () => {
  const p = parseListV2(page(obj('p/a+b%2Bc%0D%C3%BC.json'), '<IsTruncated>false</IsTruncated>', '<EncodingType>url</EncodingType>'));
  assert.equal(p.objects[0]!.key, 'p/a b+c\rü.json');
  // without it, the same text is the key itself
  assert.equal(parseListV2(page(obj('p/a+b%2Bc.json'))).objects[0]!.key, 'p/a+b%2Bc.json');
});

test('anything unexpected throws (the SDK lists that page instead)', () => {
  assert.throws(() => parseListV2('<Error><Code>SlowDown</Code></Error>'));
  assert.throws(() => parseListV2(page(obj('p/a.json'), '')), /IsTruncated/);
  assert.throws(() => parseListV2(page('<Contents><Key>p/a</Key></Contents>')), /Size/);
  assert.throws(() => parseListV2(page(obj('p/a.json', -1))), /Size/);
  assert.throws(() => parseListV2(page(obj('<![CDATA[p/a]]>'))), /CDATA/);
  assert.throws(() => parseListV2(page(obj('p/&nbsp;.json'))), /reference/);
  assert.throws(() => parseListV2(page(obj('p/a.json'), '<IsTruncated>false</IsTruncated>', '<EncodingType>base64</EncodingType>')), /EncodingType/);
  assert.throws(() => parseListV2(page('<Contents><Key>p/a</Key><Size>1</Size>')), /unclosed/);
  assert.throws(() => xmlText('a &amp b'), /reference/);
});
