/**
 * The HTML page of `loglake report` and `loglake serve`: ECharts, the app script and the styles
 * inlined (nothing is fetched at view time), data embedded as JSON text (report) or fetched from
 * the server's JSON endpoints (live), and a Content-Security-Policy that allows exactly the two
 * inlined scripts (by hash) and the inlined style, and no remote loads at all.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { repoRoot } from '../core/paths.js';

interface Assets { echarts: string; app: string; css: string }
let cached: Assets | null = null;

function assets(): Assets {
  if (cached) return cached;
  const require = createRequire(import.meta.url);
  const dir = join(repoRoot(), 'src', 'ui', 'assets');
  cached = {
    echarts: readFileSync(require.resolve('echarts/dist/echarts.min.js'), 'utf8'),
    app: readFileSync(join(dir, 'app.js'), 'utf8'),
    css: readFileSync(join(dir, 'app.css'), 'utf8'),
  };
  return cached;
}

const sha256 = (s: string): string => `'sha256-${createHash('sha256').update(s, 'utf8').digest('base64')}'`;

/** Escapes text for an HTML text node or attribute value. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

/** JSON safe inside a `<script type="application/json">` element (no `</script>`, no `<!--`). */
export function jsonForScript(data: unknown): string {
  return JSON.stringify(data).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/** The Content-Security-Policy of a page (live pages may also talk to their own origin). */
export function contentSecurityPolicy(mode: 'report' | 'live'): string {
  const a = assets();
  return [
    "default-src 'none'",
    `script-src ${sha256(a.echarts)} ${sha256(a.app)}`,
    `style-src ${sha256(a.css)}`,
    'img-src data:',
    `connect-src ${mode === 'live' ? "'self'" : "'none'"}`,
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

/** Renders the page. `data` is embedded for a report; a live page fetches it. */
export function renderPage(mode: 'report' | 'live', data?: unknown): string {
  const a = assets();
  const title = mode === 'report' ? 'loglake report' : 'loglake';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(contentSecurityPolicy(mode))}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<meta name="loglake-mode" content="${mode}">
<title>${title}</title>
<style>${a.css}</style>
</head>
<body>
<header>
<h1>${title}</h1>
<nav><a href="#overview">Overview</a><a href="#templates">Templates</a><a href="#anomalies">Anomalies</a><a href="#kafka">Kafka</a><a href="#postgres">PostgreSQL</a><a href="#spark">Spark</a><a href="#processing">Processing</a>${mode === 'live' ? '<a href="#sql">Ask / SQL</a>' : ''}</nav>
<div id="filters"></div>
<div id="scope"></div>
</header>
<main>
<section id="overview"></section>
<section id="templates"></section>
<section id="anomalies"></section>
<section id="kafka"></section>
<section id="postgres"></section>
<section id="spark"></section>
<section id="processing"></section>
${mode === 'live' ? '<section id="sql"></section>\n' : ''}</main>
<div id="drill" hidden></div>
<footer>loglake · charts by Apache ECharts · every log string is shown as text</footer>
${data === undefined ? '' : `<script type="application/json" id="loglake-data">${jsonForScript(data)}</script>\n`}<script>${a.echarts}</script>
<script>${a.app}</script>
</body>
</html>
`;
}
