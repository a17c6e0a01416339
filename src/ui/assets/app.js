/*
 * loglake report / live UI. Plain browser JavaScript, no framework. Every string that comes from
 * the logs is put into the page with textContent (never innerHTML) and drawn by ECharts on a
 * canvas; tooltips use ECharts' richText mode (canvas, not HTML).
 */
(function () {
  'use strict';
  var MODE = document.querySelector('meta[name="loglake-mode"]').content; // report | live
  var TOKEN = new URLSearchParams(location.search).get('token');
  var charts = {};
  var DATA = null;

  /* ---------- DOM helpers (text only) ---------- */
  function el(tag, props) {
    var e = document.createElement(tag);
    if (props) for (var k in props) {
      if (k === 'text') e.textContent = props[k] == null ? '' : String(props[k]);
      else if (k === 'cls') { if (props[k]) e.className = props[k]; }
      else if (k === 'on') for (var ev in props.on) e.addEventListener(ev, props.on[ev]);
      else if (props[k] !== undefined && props[k] !== null) e.setAttribute(k, String(props[k]));
    }
    for (var i = 2; i < arguments.length; i++) {
      var c = arguments[i];
      if (c == null) continue;
      if (Array.isArray(c)) c.forEach(function (x) { if (x != null) e.appendChild(typeof x === 'string' ? document.createTextNode(x) : x); });
      else e.appendChild(typeof c === 'string' ? document.createTextNode(c) : c);
    }
    return e;
  }
  function clear(e) { while (e.firstChild) e.removeChild(e.firstChild); return e; }
  function fmtTime(ms) { return new Date(ms).toISOString().replace('T', ' ').replace(/:\d\d\.\d{3}Z$/, ''); }
  function fmtIso(s) { return s ? String(s).replace('T', ' ').replace(/\.\d{3}Z$/, 'Z') : ''; }
  function pct(x) { return (x * 100).toFixed(x < 0.01 && x > 0 ? 2 : 1) + ' %'; }
  function num(x) { return x == null ? '' : Number(x).toLocaleString('en-US'); }
  function table(columns, rows, opts) {
    opts = opts || {};
    var t = el('table', { cls: 'grid' + (opts.cls ? ' ' + opts.cls : '') });
    t.appendChild(el('thead', null, el('tr', null, columns.map(function (c) { return el('th', { text: c }); }))));
    var tb = el('tbody');
    rows.forEach(function (r, i) {
      var tr = el('tr', null, r.map(function (v) {
        var s = v == null ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
        return el('td', { text: s, title: s.length > 80 ? s.slice(0, 2000) : undefined, cls: s.length <= 32 ? 'short' : undefined });
      }));
      if (opts.onRow) { tr.className = 'clickable'; tr.addEventListener('click', function () { opts.onRow(i); }); }
      tb.appendChild(tr);
    });
    t.appendChild(tb);
    return t;
  }
  function card(title, note) {
    var body = el('div', { cls: 'card-body' });
    var c = el('div', { cls: 'card' }, el('h3', { text: title }), note ? el('p', { cls: 'note', text: note }) : null, body);
    return { card: c, body: body };
  }
  function empty(text) { return el('p', { cls: 'empty', text: text || 'Nothing in this range.' }); }

  /* ---------- charts ---------- */
  var PALETTE = ['#2f6fb3', '#e07b39', '#3a9e6e', '#c8434b', '#7d5bb5', '#8c6d3f', '#d05fa2', '#6b7280', '#b5a12f', '#2aa7b8', '#4b5fd6', '#9a3b6a'];
  function baseOption() {
    return {
      animation: false, color: PALETTE,
      textStyle: { fontFamily: 'system-ui, sans-serif' },
      tooltip: { trigger: 'axis', renderMode: 'richText', confine: true },
      grid: { left: 56, right: 20, top: 50, bottom: 56, containLabel: false },
      legend: { type: 'scroll', top: 0 },
    };
  }
  function chart(id, parent, option, onClick, height) {
    var div = el('div', { cls: 'chart', id: 'chart-' + id });
    div.style.height = (height || 280) + 'px';
    parent.appendChild(div);
    var c = echarts.init(div, null, { renderer: 'canvas' });
    c.setOption(option);
    if (onClick) c.on('click', onClick);
    charts[id] = c;
    return c;
  }
  function timeSeriesChart(id, parent, ts, opts, drillFor) {
    opts = opts || {};
    if (!ts.series.length || ts.series.every(function (s) { return s.data.every(function (v) { return v === 0; }); })) { parent.appendChild(empty()); return null; }
    var o = baseOption();
    o.xAxis = { type: 'time' };
    o.yAxis = { type: 'value', name: opts.yName || 'rows' };
    o.dataZoom = [{ type: 'inside' }, { type: 'slider', height: 18, bottom: 8 }];
    o.series = ts.series.map(function (s) {
      return {
        name: s.name, type: opts.type || 'bar', stack: opts.stack === false ? undefined : 'all', barMaxWidth: 24, symbol: 'none',
        areaStyle: opts.type === 'line' && opts.stack !== false ? {} : undefined,
        data: ts.buckets.map(function (b, i) { return [b, s.data[i]]; }),
      };
    });
    var bucketMs = DATA.scope.bucket_secs * 1000;
    return chart(id, parent, o, function (p) {
      var t = p.value[0];
      drill(opts.title + ': ' + p.seriesName + ', ' + fmtTime(t) + ' (' + num(p.value[1]) + ' rows)', Object.assign({ from: t, to: t + bucketMs }, drillFor(p.seriesName)), p.value[1]);
    }, opts.height);
  }
  function barChart(id, parent, labels, values, opts, onClick) {
    if (!labels.length) { parent.appendChild(empty()); return null; }
    var o = baseOption();
    o.tooltip = { trigger: 'item', renderMode: 'richText', confine: true };
    o.legend = undefined;
    o.grid = { left: opts.left || 160, right: 56, top: 10, bottom: 30 };
    o.xAxis = { type: 'value', max: opts.max };
    o.yAxis = { type: 'category', data: labels, inverse: true, axisLabel: { width: (opts.left || 160) - 12, overflow: 'truncate' } };
    o.series = [{ type: 'bar', data: values, name: opts.name || 'rows', barMaxWidth: 18, label: opts.labelFmt ? { show: true, position: 'right', formatter: opts.labelFmt } : undefined }];
    return chart(id, parent, o, onClick, opts.height || Math.max(120, labels.length * 24 + 40));
  }

  /* ---------- drill-down ---------- */
  var drillBox;
  function drill(title, filter, expected) {
    clear(drillBox);
    drillBox.hidden = false;
    drillBox.appendChild(el('div', { cls: 'drill-head' }, el('h3', { text: title }), el('button', { text: 'Close', on: { click: function () { drillBox.hidden = true; } } })));
    var fl = Object.keys(filter).map(function (k) { return k + '=' + (k === 'from' || k === 'to' ? fmtTime(filter[k]) : filter[k]); }).join('  ');
    drillBox.appendChild(el('p', { cls: 'note', text: 'Filter: ' + fl }));
    if (DATA && DATA.scope.service && !filter.service) filter.service = DATA.scope.service;
    if (MODE !== 'live') {
      drillBox.appendChild(el('p', { text: 'This report is a snapshot: ' + num(expected) + ' rows match. Run `loglake serve --warehouse <dir>` to see the rows behind any point.' }));
      drillBox.scrollIntoView({ block: 'nearest' });
      return;
    }
    var q = new URLSearchParams();
    Object.keys(filter).forEach(function (k) { if (filter[k] != null) q.set(k, String(filter[k])); });
    var status = el('p', { cls: 'note', text: 'Loading…' });
    drillBox.appendChild(status);
    api('/api/rows?' + q.toString()).then(function (r) {
      status.textContent = num(r.total) + ' rows' + (r.total > r.rows.length ? ' (first ' + r.rows.length + ' shown)' : '');
      drillBox.appendChild(table(r.columns, r.rows, { cls: 'rows' }));
      drillBox.dataset.total = String(r.total);
      drillBox.scrollIntoView({ block: 'nearest' });
    }, function (e) { status.textContent = 'Error: ' + e.message; });
  }
  function showSamples(title, rows) {
    clear(drillBox);
    drillBox.hidden = false;
    drillBox.appendChild(el('div', { cls: 'drill-head' }, el('h3', { text: title }), el('button', { text: 'Close', on: { click: function () { drillBox.hidden = true; } } })));
    drillBox.appendChild(rows.length ? table(['ts', 'service', 'severity', 'message', 'source'], rows.map(function (r) {
      return [fmtIso(r.ts), r.service || '', r.severity || '', r.message, r.source_path + ':' + r.source_offset];
    }), { cls: 'rows' }) : empty('No sample lines.'));
    drillBox.scrollIntoView({ block: 'nearest' });
  }

  /* ---------- API (live mode) ---------- */
  function api(path, body) {
    var headers = { 'Accept': 'application/json' };
    if (TOKEN) headers['Authorization'] = 'Bearer ' + TOKEN;
    var init = { headers: headers, credentials: 'same-origin' };
    if (body !== undefined) { init.method = 'POST'; headers['Content-Type'] = 'application/json'; init.body = JSON.stringify(body); }
    return fetch(path, init).then(function (r) {
      return r.json().then(function (j) { if (!r.ok) throw new Error(j.error || ('HTTP ' + r.status)); return j; });
    });
  }

  /* ---------- sections ---------- */
  function section(id, title) {
    var s = document.getElementById(id);
    clear(s);
    s.appendChild(el('h2', { text: title }));
    return s;
  }

  function renderOverview(d) {
    var s = section('overview', 'Overview');
    var o = d.overview;
    var q = o.health.quarantine.reduce(function (a, r) { return a + r.count; }, 0);
    s.appendChild(el('div', { cls: 'kpis' }, [
      kpi('rows', num(o.rows)), kpi('services', String(o.severity.length)),
      kpi('errors', num(o.severity.reduce(function (a, r) { return a + r.errors; }, 0))),
      kpi('quarantined lines', num(q)), kpi('templates', num(d.templates.total)),
      kpi('anomalies', num(d.anomalies.anomalies.length)), kpi('incidents', num(d.anomalies.incidents.length)),
    ]));
    var c1 = card('Rows per service over time', 'stacked; bucket ' + d.scope.bucket_secs / 60 + ' min; drag the slider or scroll to zoom, click a bar for its rows');
    s.appendChild(c1.card);
    timeSeriesChart('volume', c1.body, o.volume, { title: 'Rows' }, function (name) { return { service: name }; });
    var c2 = card('ERROR/FATAL rows per service over time');
    s.appendChild(c2.card);
    timeSeriesChart('errors', c2.body, o.errors, { title: 'Errors' }, function (name) { return { service: name, severity: 'error' }; });
    var row = el('div', { cls: 'row2' });
    s.appendChild(row);
    var c3 = card('Error and warning rate per service');
    row.appendChild(c3.card);
    var svcs = o.severity.map(function (r) { return r.service; });
    if (svcs.length) {
      var op = baseOption();
      op.tooltip = { trigger: 'axis', renderMode: 'richText', confine: true, valueFormatter: function (v) { return (v * 100).toFixed(2) + ' %'; } };
      op.grid = { left: 110, right: 20, top: 30, bottom: 30 };
      op.xAxis = { type: 'value', axisLabel: { formatter: function (v) { return (v * 100).toFixed(0) + '%'; } } };
      op.yAxis = { type: 'category', data: svcs, inverse: true };
      op.series = [
        { name: 'error rate', type: 'bar', data: o.severity.map(function (r) { return r.error_rate; }) },
        { name: 'warning rate', type: 'bar', data: o.severity.map(function (r) { return r.warn_rate; }) },
      ];
      chart('rates', c3.body, op, function (p) {
        var r = o.severity[p.dataIndex];
        var err = p.seriesIndex === 0;
        drill((err ? 'Errors' : 'Warnings') + ' of ' + r.service, { service: r.service, severity: err ? 'error' : 'warn', from: Date.parse(d.scope.since), to: Date.parse(d.scope.until) }, err ? r.errors : r.warns);
      }, Math.max(160, svcs.length * 40 + 60));
    } else c3.body.appendChild(empty());
    c3.body.appendChild(table(['service', 'rows', 'ERROR/FATAL', 'WARN', 'error rate', 'warning rate'], o.severity.map(function (r) {
      return [r.service, num(r.rows), num(r.errors), num(r.warns), pct(r.error_rate), pct(r.warn_rate)];
    })));
    var c4 = card('Ingest health', 'parse rate = rows a format-specific parser understood (not the plain-text fallback); quarantine covers the whole warehouse');
    row.appendChild(c4.card);
    barChart('parse', c4.body, o.health.formats.map(function (f) { return f.format; }), o.health.formats.map(function (f) { return f.parse_rate; }),
      { name: 'parse rate', max: 1, left: 110, labelFmt: function (p) { return (p.value * 100).toFixed(1) + '%'; } },
      function (p) { var f = o.health.formats[p.dataIndex]; drill('Rows read as ' + f.format, { format: f.format, from: Date.parse(d.scope.since), to: Date.parse(d.scope.until) }, f.rows); });
    c4.body.appendChild(table(['envelope', 'rows', 'parsed', 'parse rate'], o.health.formats.map(function (f) { return [f.format, num(f.rows), num(f.parsed), pct(f.parse_rate)]; })));
    c4.body.appendChild(el('h4', { text: 'Quarantined lines by reason' }));
    c4.body.appendChild(o.health.quarantine.length ? table(['reason', 'lines'], o.health.quarantine.map(function (r) { return [r.reason, num(r.count)]; })) : empty('No quarantined lines.'));
    c4.body.appendChild(el('h4', { text: 'Event-time lag (event time − runtime time, seconds)' }));
    c4.body.appendChild(table(['service', 'median', 'p99 |lag|', 'max |lag|'], o.health.lag.map(function (r) { return [r.service, r.p50_secs, r.p99_abs_secs, r.max_abs_secs]; })));
  }
  function kpi(label, value) { return el('div', { cls: 'kpi' }, el('div', { cls: 'kpi-v', text: value }), el('div', { cls: 'kpi-l', text: label })); }

  function renderTemplates(d) {
    var s = section('templates', 'Templates');
    var t = d.templates;
    s.appendChild(el('p', { cls: 'note', text: num(t.total) + ' templates in range. "New" = first seen in the last ' + Math.round(t.window_secs / 60) + ' min; "vanished" = not seen since then. Click a row for sample lines.' }));
    function list(title, entries, id) {
      var c = card(title);
      s.appendChild(c.card);
      if (!entries.length) { c.body.appendChild(empty()); return; }
      var tb = el('table', { cls: 'grid templates', id: 'tpl-' + id });
      tb.appendChild(el('thead', null, el('tr', null, ['template', 'services', 'rows', 'trend', 'over time', 'last seen'].map(function (h) { return el('th', { text: h }); }))));
      var body = el('tbody');
      entries.forEach(function (e, i) {
        var sparkCell = el('td', { cls: 'spark' });
        var tr = el('tr', { cls: 'clickable', 'data-template': e.id },
          el('td', { cls: 'tpl-text', text: e.text, title: e.text.slice(0, 2000) }), el('td', { text: e.services.join(', ') }),
          el('td', { cls: 'num', text: num(e.count) }), el('td', { cls: 'trend trend-' + e.trend, text: e.trend }), sparkCell, el('td', { text: fmtIso(e.last_seen) }));
        tr.addEventListener('click', function () {
          if (MODE === 'live') drill('Rows of template ' + e.id, { template: e.id, from: Date.parse(d.scope.since), to: Date.parse(d.scope.until) }, e.count);
          else showSamples('Sample lines of: ' + e.text.slice(0, 120), e.samples);
        });
        body.appendChild(tr);
        sparkline(sparkCell, e.spark, id + '-' + i);
      });
      tb.appendChild(body);
      c.body.appendChild(tb);
    }
    list('Top templates', t.top, 'top');
    list('New templates', t.new, 'new');
    list('Vanished templates', t.vanished, 'vanished');
  }
  function sparkline(cell, data, id) {
    var c = document.createElement('canvas');
    c.width = 140; c.height = 28; c.id = 'spark-' + id;
    cell.appendChild(c);
    var g = c.getContext('2d');
    var max = Math.max.apply(null, data.concat([1]));
    g.strokeStyle = '#2f6fb3'; g.lineWidth = 1.5; g.beginPath();
    data.forEach(function (v, i) { var x = data.length > 1 ? i * 138 / (data.length - 1) + 1 : 70; var y = 26 - v / max * 24; if (i) g.lineTo(x, y); else g.moveTo(x, y); });
    g.stroke();
  }

  var KIND_COLORS = { volume_spike: '#2f6fb3', error_spike: '#c8434b', silence: '#6b7280', new_template: '#e07b39', template_burst: '#7d5bb5', sequence: '#3a9e6e' };
  function renderAnomalies(d) {
    var s = section('anomalies', 'Anomalies');
    var a = d.anomalies;
    s.appendChild(el('p', { cls: 'note', text: num(a.anomalies.length) + ' anomalies in ' + num(a.incidents.length) + ' incidents (window ' + a.window_secs / 60 + ' min). Click a point for its explanation and evidence.' }));
    var c = card('Timeline per service');
    s.appendChild(c.card);
    if (!a.anomalies.length) c.body.appendChild(empty('No anomalies in this range.'));
    else {
      var ents = Array.from(new Set(a.anomalies.map(function (x) { return x.entity; }))).sort();
      var kinds = Array.from(new Set(a.anomalies.map(function (x) { return x.kind; }))).sort();
      var o = baseOption();
      o.tooltip = { trigger: 'item', renderMode: 'richText', confine: true, formatter: function (p) { var x = a.anomalies[p.data.idx]; return x.kind + ' · ' + x.entity + '\nscore ' + x.score.toFixed(1) + '\n' + fmtIso(x.window_start); } };
      o.grid = { left: 130, right: 20, top: 36, bottom: 56 };
      o.xAxis = { type: 'time', min: Date.parse(d.scope.since), max: Date.parse(d.scope.until) };
      o.yAxis = { type: 'category', data: ents, inverse: true };
      o.dataZoom = [{ type: 'inside' }, { type: 'slider', height: 18, bottom: 8 }];
      o.series = kinds.map(function (k) {
        return {
          name: k, type: 'scatter', itemStyle: { color: KIND_COLORS[k] },
          symbolSize: function (v) { return Math.max(8, Math.min(26, 6 + Math.log2(1 + v[2]) * 3)); },
          data: a.anomalies.map(function (x, i) { return { x: x, i: i }; }).filter(function (o) { return o.x.kind === k; })
            .map(function (o) { return { value: [Date.parse(o.x.window_start), o.x.entity, o.x.score], idx: o.i }; }),
        };
      });
      chart('anomalies', c.body, o, function (p) { showAnomaly(a.anomalies[p.data.idx]); }, Math.max(200, ents.length * 34 + 90));
    }
    var ci = card('Incidents', 'related anomalies across services, the likely root cause first; open one for its anomalies');
    s.appendChild(ci.card);
    var byId = {};
    a.anomalies.forEach(function (x) { byId[x.id] = x; });
    if (!a.incidents.length) ci.body.appendChild(empty());
    a.incidents.forEach(function (inc) {
      var det = el('details', { cls: 'incident' }, el('summary', null,
        el('strong', { text: 'Incident ' + inc.id + ' ' }), el('span', { text: fmtIso(inc.start) + ' → ' + fmtIso(inc.end) + ' · ' + inc.services.join(', ') + (inc.root_cause ? ' · likely root cause: ' + inc.root_cause : '') }),
        el('div', { cls: 'headline', text: inc.headline })));
      det.appendChild(table(['start', 'entity', 'kind', 'score', 'explanation'], inc.anomalies.map(function (id) {
        var x = byId[id];
        return [fmtIso(x.window_start), x.entity, x.kind, x.score.toFixed(1), x.explanation];
      }), { onRow: function (i) { showAnomaly(byId[inc.anomalies[i]]); } }));
      ci.body.appendChild(det);
    });
  }
  function showAnomaly(x) {
    clear(drillBox);
    drillBox.hidden = false;
    drillBox.appendChild(el('div', { cls: 'drill-head' }, el('h3', { text: x.kind + ' on ' + x.entity + ' (score ' + x.score.toFixed(1) + ')' }), el('button', { text: 'Close', on: { click: function () { drillBox.hidden = true; } } })));
    drillBox.appendChild(el('p', { text: fmtIso(x.window_start) + ' → ' + fmtIso(x.window_end) }));
    drillBox.appendChild(el('p', { cls: 'explanation', text: x.explanation }));
    if (x.correlated.length) {
      drillBox.appendChild(el('h4', { text: 'Correlated (lag: negative = moved first)' }));
      drillBox.appendChild(table(['entity', 'lag', 'signal', 'score', 'explanation'], x.correlated.map(function (c) { return [c.entity, c.lag_secs + ' s', c.signal, c.score.toFixed(2), c.explanation]; })));
    }
    if (x.evidence.templates.length) {
      drillBox.appendChild(el('h4', { text: 'Evidence templates' }));
      drillBox.appendChild(table(['template', 'rows', 'baseline/window'], x.evidence.templates.map(function (t) { return [t.text, t.count, t.baseline]; })));
    }
    drillBox.appendChild(el('h4', { text: 'Sample rows' }));
    drillBox.appendChild(x.evidence.sample_rows.length ? table(['ts', 'severity', 'message', 'source'], x.evidence.sample_rows.map(function (r) { return [fmtIso(r.ts), r.severity, r.message, r.source_path + ':' + r.source_offset]; }), { cls: 'rows' }) : empty('No sample rows.'));
    if (MODE === 'live') drillBox.appendChild(el('button', { text: 'All rows of this window', on: { click: function () {
      drill('Rows of ' + x.entity + ' during the anomaly', { service: x.service, from: Date.parse(x.window_start), to: Date.parse(x.window_end) });
    } } }));
    drillBox.scrollIntoView({ block: 'nearest' });
  }

  function renderKafka(d) {
    var s = section('kafka', 'Kafka');
    var k = d.kafka;
    var c1 = card('WARN/ERROR rows per broker');
    s.appendChild(c1.card);
    timeSeriesChart('kafka-brokers', c1.body, { buckets: k.broker_errors.buckets, series: k.broker_errors.series.map(function (x) { return { name: 'broker ' + x.name, data: x.data }; }) },
      { title: 'Kafka errors' }, function (name) { return { broker: name.replace(/^broker /, ''), severity: 'kafka_error' }; });
    var row = el('div', { cls: 'row2' });
    s.appendChild(row);
    var c2 = card('Topic-partitions with WARN/ERROR rows');
    row.appendChild(c2.card);
    barChart('kafka-partitions', c2.body, k.partitions.map(function (p) { return p.topic + '-' + (p.partition == null ? '?' : p.partition); }), k.partitions.map(function (p) { return p.errors; }), { name: 'rows', left: 190 },
      function (p) { var x = k.partitions[p.dataIndex]; var f = { topic: x.topic, from: Date.parse(d.scope.since), to: Date.parse(d.scope.until) }; if (x.partition != null) f.partition = String(x.partition); drill('Kafka ' + x.topic + '-' + x.partition, f, x.errors); });
    var c3 = card('Rebalances, ISR changes, elections, broker restarts');
    row.appendChild(c3.card);
    timeSeriesChart('kafka-events', c3.body, k.events, { title: 'Kafka events' }, function (name) { return { event: name }; });
  }

  function renderPostgres(d) {
    var s = section('postgres', 'PostgreSQL');
    var p = d.postgres;
    var c1 = card('Lock waits, deadlocks and connection errors over time');
    s.appendChild(c1.card);
    timeSeriesChart('pg-events', c1.body, p.events, { title: 'PostgreSQL' }, function (name) { return { event: name }; });
    var row = el('div', { cls: 'row2' });
    s.appendChild(row);
    var c2 = card('SQLSTATE classes');
    row.appendChild(c2.card);
    if (!p.sqlstate.length) c2.body.appendChild(empty('No SQLSTATE codes in range (add %e to log_line_prefix, or use csvlog/jsonlog).'));
    else barChart('pg-sqlstate', c2.body, p.sqlstate.map(function (x) { return x.class + ' ' + x.name; }), p.sqlstate.map(function (x) { return x.count; }), { left: 230 },
      function (e) { var x = p.sqlstate[e.dataIndex]; drill('SQLSTATE class ' + x.class, { sqlclass: x.class, from: Date.parse(d.scope.since), to: Date.parse(d.scope.until) }, x.count); });
    var c4 = card('WARN and ERROR/FATAL rows by event type');
    row.appendChild(c4.card);
    barChart('pg-problems', c4.body, p.problems.map(function (x) { return (x.level === 'error' ? 'ERROR ' : 'WARN ') + x.event; }), p.problems.map(function (x) { return x.count; }), { left: 150 },
      function (e) { var x = p.problems[e.dataIndex]; drill('PostgreSQL ' + x.level + ' rows, ' + x.event, { family: 'postgres', severity: x.level, event: x.event, from: Date.parse(d.scope.since), to: Date.parse(d.scope.until) }, x.count); });
    var c3 = card('Slowest statements', 'pg_duration_ms from log_min_duration_statement lines');
    s.appendChild(c3.card);
    c3.body.appendChild(p.slowest.length ? table(['ms', 'time', 'database', 'user', 'kind', 'statement'], p.slowest.map(function (x) {
      return [num(Math.round(x.duration_ms)), fmtIso(x.ts), x.database, x.user, x.kind, x.statement];
    }), { cls: 'rows' }) : empty());
  }

  function renderSpark(d) {
    var s = section('spark', 'Spark');
    if (!d.spark.length) { s.appendChild(empty('No Spark applications in this range.')); return; }
    d.spark.forEach(function (app, ai) {
      var lost = app.executor_events.filter(function (e) { return e.kind === 'lost'; }).length;
      var added = app.executor_events.length - lost;
      var failed = app.stages.reduce(function (a, st) { return a + st.failed_tasks; }, 0);
      var c = card('Application ' + app.app + (app.name ? ' (' + app.name + ')' : ''),
        app.service + ' · ' + fmtIso(app.start) + ' → ' + fmtIso(app.end) + ' · ' + num(app.rows) + ' rows, ' + num(app.errors) + ' errors · executors added ' + added + ', lost ' + lost + ' · failed tasks ' + failed);
      s.appendChild(c.card);
      if (!app.stages.length && !app.executor_events.length) { c.body.appendChild(empty('No stage or executor lines.')); return; }
      var labels = app.stages.map(function (st) { return 'stage ' + st.stage; });
      var cats = labels.concat(['executors']);
      var o = baseOption();
      o.tooltip = { trigger: 'item', renderMode: 'richText', confine: true, formatter: function (p) {
        if (p.seriesIndex === 0) { var st = app.stages[p.dataIndex]; return 'stage ' + st.stage + '\n' + ((Date.parse(st.end) - Date.parse(st.start)) / 1000).toFixed(1) + ' s, ' + st.failed_tasks + ' failed tasks'; }
        return p.data.kind + ': ' + p.data.text;
      } };
      o.grid = { left: 90, right: 20, top: 36, bottom: 56 };
      o.xAxis = { type: 'time' };
      o.yAxis = { type: 'category', data: cats, inverse: true };
      o.dataZoom = [{ type: 'inside' }, { type: 'slider', height: 18, bottom: 8 }];
      o.series = [
        { name: 'stage duration', type: 'custom', encode: { x: [1, 2], y: 0 },
          renderItem: function (params, api) {
            var y = api.value(0), a = api.coord([api.value(1), y]), b = api.coord([api.value(2), y]);
            var h = api.size([0, 1])[1] * 0.6;
            return { type: 'rect', shape: { x: a[0], y: a[1] - h / 2, width: Math.max(2, b[0] - a[0]), height: h },
              style: { fill: app.stages[params.dataIndex].failed_tasks ? '#c8434b' : '#2f6fb3' } };
          },
          data: app.stages.map(function (st, i) { return [i, Date.parse(st.start), Date.parse(st.end)]; }) },
        { name: 'executor added', type: 'scatter', symbol: 'triangle', symbolSize: 12, itemStyle: { color: '#3a9e6e' },
          data: app.executor_events.filter(function (e) { return e.kind === 'added'; }).map(function (e) { return { value: [Date.parse(e.ts), 'executors'], kind: 'added', text: e.text }; }) },
        { name: 'executor lost', type: 'scatter', symbol: 'diamond', symbolSize: 14, itemStyle: { color: '#c8434b' },
          data: app.executor_events.filter(function (e) { return e.kind === 'lost'; }).map(function (e) { return { value: [Date.parse(e.ts), 'executors'], kind: 'lost', text: e.text }; }) },
      ];
      chart('spark-' + ai, c.body, o, function (p) {
        if (p.seriesIndex === 0) { var st = app.stages[p.dataIndex]; drill('Stage ' + st.stage + ' of ' + app.app, { app: app.app, stage: String(st.stage) }, st.rows); }
        else drill('Executor events of ' + app.app, { app: app.app, from: p.value[0], to: p.value[0] + 1000 });
      }, Math.max(180, cats.length * 22 + 100));
      var failedStages = app.stages.filter(function (st) { return st.failed_tasks > 0; });
      c.body.appendChild(el('h4', { text: 'Failed tasks by stage' }));
      c.body.appendChild(failedStages.length ? table(['stage', 'failed tasks', 'duration (s)'], failedStages.map(function (st) {
        return [st.stage, st.failed_tasks, ((Date.parse(st.end) - Date.parse(st.start)) / 1000).toFixed(1)];
      }), { onRow: function (i) { drill('Failed tasks of stage ' + failedStages[i].stage, { app: app.app, stage: String(failedStages[i].stage), kind: 'task_failed' }, failedStages[i].failed_tasks); } }) : empty('No failed tasks.'));
    });
  }

  function renderProcessing(d) {
    var s = section('processing', 'Processing metadata');
    s.appendChild(el('p', { cls: 'note', text: 'spark_logs_processing_metadata: one row per spark-app-selector folder per run (the seed pipeline).' }));
    s.appendChild(d.processing.length ? table(['folder', 'status', 'records', 'started', 'duration (s)', 'error', 'job', 'path'], d.processing.map(function (r) {
      return [r.spark_app_selector, r.status, num(r.records_processed), fmtIso(r.start), r.duration_secs, r.error_message, r.job_id, r.s3_path];
    })) : empty('No folders processed (the seed pipeline has not run on this warehouse).'));
  }

  /* ---------- questions and SQL console (live) ---------- */
  function renderSqlConsole() {
    var s = section('sql', 'Ask and SQL');
    var ta = el('textarea', { id: 'sql-input', rows: '4', spellcheck: 'false' });
    renderAsk(s, ta);
    s.appendChild(el('h3', { text: 'SQL console' }));
    s.appendChild(el('p', { cls: 'note', text: 'Read-only SELECTs over the views logs, quarantine, spark_logs, spark_logs_processing_metadata. Writes, ATTACH, COPY, extensions and file reads are refused; queries stop after the time limit.' }));
    ta.value = 'SELECT service, severity, count(*) AS n FROM logs GROUP BY ALL ORDER BY n DESC';
    var out = el('div', { id: 'sql-output' });
    var run = el('button', { id: 'sql-run', text: 'Run', on: { click: function () {
      clear(out).appendChild(el('p', { cls: 'note', text: 'Running…' }));
      api('/api/sql', { sql: ta.value }).then(function (r) {
        clear(out);
        out.appendChild(el('p', { cls: 'note', id: 'sql-status', text: r.rows.length + ' rows' + (r.truncated ? ' (truncated)' : '') + ' · ' + r.elapsed_ms + ' ms' }));
        quickChart(out, r, 'sql');
        out.appendChild(table(r.columns, r.rows, { cls: 'rows' }));
      }, function (e) { clear(out).appendChild(el('p', { cls: 'error', id: 'sql-error', text: e.message })); });
    } } });
    s.appendChild(el('div', { cls: 'sql-box' }, ta, run));
    s.appendChild(out);
  }
  /* A plain-language question → the checked SQL (shown first, editable in the console) → the result. */
  function renderAsk(s, ta) {
    s.appendChild(el('p', { cls: 'note', text: 'Ask in plain language (the translator of loglake ask: counts and rates by service, severity, component, broker, topic, database, Spark app; time ranges; top-N; new or rare templates; slowest statements). Relative times end at the end of the range shown above. The SQL it runs is shown first; it can refuse, and says which question it can answer instead.' }));
    var q = el('input', { id: 'ask-input', type: 'text', maxlength: '500', spellcheck: 'false', placeholder: 'number of errors per service in the last hour' });
    var out = el('div', { id: 'ask-output' });
    function go() {
      if (!q.value.trim()) return;
      clear(out).appendChild(el('p', { cls: 'note', text: 'Asking…' }));
      var body = { question: q.value };
      if (DATA && DATA.scope && DATA.scope.until) body.now = DATA.scope.until;
      api('/api/ask', body).then(function (r) {
        clear(out);
        if (r.kind === 'refused') {
          out.appendChild(el('p', { cls: 'error', id: 'ask-refused', text: r.reason }));
          if (r.suggestion) out.appendChild(el('p', { cls: 'note' }, 'Closest question I can answer: ',
            el('button', { id: 'ask-suggestion', text: r.suggestion, on: { click: function () { q.value = r.suggestion; go(); } } })));
          return;
        }
        r.notes.forEach(function (n) { out.appendChild(el('p', { cls: 'note', text: n })); });
        out.appendChild(el('pre', { id: 'ask-sql', cls: 'ask-sql', text: r.sql }));
        out.appendChild(el('button', { id: 'ask-edit', text: 'Edit as SQL', on: { click: function () { ta.value = r.sql; ta.focus(); } } }));
        out.appendChild(el('p', { cls: 'note', id: 'ask-status', text: r.rows.length + ' rows' + (r.truncated ? ' (truncated)' : '') + ' · ' + r.engine + ' · ' + r.elapsed_ms + ' ms' }));
        quickChart(out, r, 'ask');
        out.appendChild(table(r.columns, r.rows, { cls: 'rows' }));
      }, function (e) { clear(out).appendChild(el('p', { cls: 'error', id: 'ask-error', text: e.message })); });
    }
    q.addEventListener('keydown', function (e) { if (e.key === 'Enter') go(); });
    s.appendChild(el('div', { cls: 'sql-box' }, q, el('button', { id: 'ask-run', text: 'Ask', on: { click: go } })));
    s.appendChild(out);
  }
  function quickChart(parent, r, key) {
    if (r.columns.length < 2 || !r.rows.length) return;
    var ni = -1;
    for (var i = 1; i < r.columns.length; i++) if (r.rows.every(function (row) { return typeof row[i] === 'number' || row[i] == null; })) { ni = i; break; }
    if (ni < 0) return;
    var rows = r.rows.slice(0, 200);
    var o = baseOption();
    o.legend = undefined;
    o.tooltip = { trigger: 'axis', renderMode: 'richText', confine: true };
    o.xAxis = { type: 'category', data: rows.map(function (x) { return x[0] == null ? '' : String(x[0]); }) };
    o.yAxis = { type: 'value', name: r.columns[ni] };
    o.series = [{ type: 'bar', name: r.columns[ni], data: rows.map(function (x) { return x[ni]; }), barMaxWidth: 24 }];
    if (charts[key]) { charts[key].dispose(); delete charts[key]; }
    chart(key, parent, o, null, 240);
  }

  /* ---------- filters (live) ---------- */
  function renderFilters(d) {
    var f = document.getElementById('filters');
    clear(f);
    var sel = el('select', { id: 'f-service' }, el('option', { value: '', text: 'all services' }));
    d.services.forEach(function (sv) { var o = el('option', { value: sv, text: sv }); if (sv === d.scope.service) o.selected = true; sel.appendChild(o); });
    var since = el('input', { id: 'f-since', type: 'text', size: '22', value: d.scope.since });
    var until = el('input', { id: 'f-until', type: 'text', size: '22', value: d.scope.until });
    var apply = el('button', { id: 'f-apply', text: 'Apply', on: { click: function () {
      var q = new URLSearchParams();
      if (sel.value) q.set('service', sel.value);
      if (since.value) q.set('since', since.value);
      if (until.value) q.set('until', until.value);
      load(q);
    } } });
    f.appendChild(el('label', null, 'service ', sel));
    f.appendChild(el('label', null, ' from ', since));
    f.appendChild(el('label', null, ' to ', until));
    f.appendChild(apply);
  }

  /* ---------- main ---------- */
  function renderAll(d) {
    DATA = d;
    Object.keys(charts).forEach(function (k) { charts[k].dispose(); });
    charts = {};
    var sc = d.scope;
    document.getElementById('scope').textContent = (sc.service ? 'service ' + sc.service + ' · ' : 'all services · ') + fmtIso(sc.since) + ' → ' + fmtIso(sc.until) + ' · generated ' + fmtIso(d.generated_at);
    renderOverview(d); renderTemplates(d); renderAnomalies(d); renderKafka(d); renderPostgres(d); renderSpark(d); renderProcessing(d);
    if (MODE === 'live') renderFilters(d);
    document.body.dataset.ready = '1';
  }
  function load(q) {
    document.body.dataset.ready = '0';
    return api('/api/report?' + q.toString()).then(renderAll, function (e) {
      document.getElementById('scope').textContent = 'Error: ' + e.message;
    });
  }
  window.addEventListener('resize', function () { Object.keys(charts).forEach(function (k) { charts[k].resize(); }); });
  window.addEventListener('beforeprint', function () { Object.keys(charts).forEach(function (k) { charts[k].resize(); }); });
  window.loglakeCharts = function () { return charts; };
  document.addEventListener('DOMContentLoaded', function () {
    drillBox = document.getElementById('drill');
    if (MODE === 'live') { renderSqlConsole(); load(new URLSearchParams(location.search.replace(/([?&])token=[^&]*/, '$1'))); }
    else renderAll(JSON.parse(document.getElementById('loglake-data').textContent));
  });
})();
