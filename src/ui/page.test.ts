import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { contentSecurityPolicy, escapeHtml, jsonForScript, renderPage } from './page.js';

test('jsonForScript cannot close its script element', () => {
  const s = jsonForScript({ m: '</script><script>alert(1)</script><!-- \u2028' });
  assert.doesNotMatch(s, /<\/script|<!--|<script/i);
  assert.deepEqual(JSON.parse(s), { m: '</script><script>alert(1)</script><!-- \u2028' });
  assert.equal(escapeHtml(`<a href="x" onclick='y'>&`), '&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;');
});

test('the CSP allows exactly the inlined scripts and style, and nothing remote', () => {
  const html = renderPage('report', { m: '<script>alert(1)</script>' });
  const csp = contentSecurityPolicy('report');
  assert.match(csp, /default-src 'none'/);
  assert.match(csp, /connect-src 'none'/);
  assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|https?:/);
  const scripts = [...html.matchAll(/<script>([\s\S]*?)<\/script>\n/g)].map((m) => m[1]!);
  assert.equal(scripts.length, 2);
  for (const s of scripts) assert.ok(csp.includes(`'sha256-${createHash('sha256').update(s).digest('base64')}'`));
  assert.doesNotMatch(html, /<script>alert/);
  assert.match(contentSecurityPolicy('live'), /connect-src 'self'/);
});
