// Kabambe dashboard: plain script, no build step. Every text from the API is set with textContent or as an SVG
// text node, never parsed as HTML.
'use strict';

(function () {
  const TOKEN_KEY = 'kabambe.token';
  const NUMBER_KEY = 'kabambe.simulator.number';
  const LIVE_EVERY_MS = 5000;
  const SVG = 'http://www.w3.org/2000/svg';
  const SCREENS = new Set(['menu', 'ask', 'say', 'end']);
  const $ = (id) => document.getElementById(id);

  // Texts authored in the programme (flow and campaign titles, answers) carry translate="no": they stay as written.
  // ---- small DOM helpers ------------------------------------------------------------------------------------
  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
    for (const c of children) e.append(c instanceof Node ? c : document.createTextNode(String(c)));
    return e;
  }
  function svg(tag, attrs, text) {
    const e = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, String(v));
    if (text !== undefined) e.textContent = String(text);
    return e;
  }
  // Texts, numbers and dates in the reader's language (i18n.js).
  const { t, plural, fmt, pct, num } = window.KabambeI18n;
  const I18n = window.KabambeI18n;
  const Selection = window.KabambeSelection; // the shareable URL (selection.js)
  // An API key (live counts, message statuses) as a label: the catalogue's "field.<key>", else the key itself.
  const label = (key) => { const text = t('field.' + key); return text === 'field.' + key ? key.replace(/_/g, ' ') : text; };
  // Breakdowns the dashboard names (language, channel, arm); a contact field's name is the programme's own.
  const byName = (by) => ['language', 'channel', 'arm'].includes(by) ? t('by.' + by) : by;

  // ---- the API ------------------------------------------------------------------------------------------------
  class ApiError extends Error {
    constructor(status, code, message) { super(message); this.status = status; this.code = code; }
  }

  async function api(path, options) {
    const token = sessionStorage.getItem(TOKEN_KEY) || '';
    const init = Object.assign({ headers: {} }, options || {});
    init.headers = Object.assign({ 'Authorization': 'Bearer ' + token, 'Accept': 'application/json' }, init.headers);
    const res = await fetch(path, init);
    let body = null;
    try { body = await res.json(); } catch (e) { body = null; }
    if (!res.ok) {
      const err = new ApiError(res.status, body && body.error || 'http_' + res.status,
        body && body.message || t('error.status', { status: res.status }));
      if (res.status === 401) signOut(err.message);
      throw err;
    }
    return body;
  }

  // ---- sign in -------------------------------------------------------------------------------------------------
  let liveTimer = null;

  function signOut(message) {
    sessionStorage.removeItem(TOKEN_KEY);
    if (liveTimer) clearInterval(liveTimer);
    liveTimer = null;
    $('app').hidden = true;
    $('signout').hidden = true;
    $('login').hidden = false;
    $('login-error').textContent = message || '';
    $('token').focus();
  }

  async function signIn(token) {
    sessionStorage.setItem(TOKEN_KEY, token);
    $('login-error').textContent = '';
    let live;
    try {
      live = await api('/api/live');
    } catch (e) {
      if (e.status !== 401) signOut(t('login.rejected', { message: e.message }));
      return;
    }
    $('login').hidden = true;
    $('app').hidden = false;
    $('signout').hidden = false;
    showLive(live);
    fillFlows(live.flows || []);
    if (liveTimer) clearInterval(liveTimer);
    liveTimer = setInterval(refreshLive, LIVE_EVERY_MS);
    await Promise.all([showFlow(), setUpSimulator(), fillMessages()]);
  }

  // ---- live counts ---------------------------------------------------------------------------------------------
  async function refreshLive() {
    if (document.hidden) return; // nobody is looking: no load on the server
    try { showLive(await api('/api/live')); } catch (e) { /* shown on the next success; 401 signs out */ }
  }

  function counts(target, map) {
    const dl = $(target);
    dl.replaceChildren();
    for (const [k, v] of Object.entries(map || {})) {
      dl.append(el('div', {}, el('dt', {}, label(k)), el('dd', { 'data-key': k }, fmt(v))));
    }
  }

  function showLive(live) {
    counts('live-minute', live.last_minute);
    counts('live-hour', live.last_hour);
    $('live-at').textContent = t('live.updated', { time: I18n.time(live.at) });
  }

  function fillFlows(flows) {
    const select = $('flow');
    const before = select.value || Selection.take('flow');
    select.replaceChildren();
    for (const f of flows) select.append(el('option', { value: f.id, translate: 'no' }, f.title + ' (' + f.id + ')'));
    if (before && flows.some((f) => f.id === before)) select.value = before;
    else if (flows.some((f) => f.id === 'vaccine-confidence')) select.value = 'vaccine-confidence';
  }

  // ---- one flow's figures ------------------------------------------------------------------------------------
  function query(extra) {
    const p = new URLSearchParams();
    if ($('from').value) p.set('from', $('from').value);
    if ($('to').value) {
      const to = new Date($('to').value + 'T00:00:00Z');
      to.setUTCDate(to.getUTCDate() + 1); // the API's "to" is exclusive
      p.set('to', to.toISOString().slice(0, 10));
    }
    if ($('channel').value) p.set('channel', $('channel').value);
    for (const [k, v] of Object.entries(extra || {})) if (v) p.set(k, v);
    const s = p.toString();
    return s ? '?' + s : '';
  }

  // Dates are typed as ISO dates (yyyy-mm-dd) whatever the browser's locale: a date input would show 03/05/2027.
  function isoDate(v) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(v)) return false;
    const d = new Date(v + 'T00:00:00Z');
    return !isNaN(d) && d.toISOString().slice(0, 10) === v;
  }

  function badDate() {
    for (const [id, name] of [['from', t('filters.from')], ['to', t('filters.to_short')]]) {
      const v = $(id).value.trim();
      $(id).value = v;
      if (v && !isoDate(v)) return t('filters.bad_date', { field: name, value: JSON.stringify(v) });
    }
    return '';
  }

  async function showFlow() {
    const flow = $('flow').value;
    $('filter-error').textContent = badDate();
    if (!flow || $('filter-error').textContent) return;
    Selection.set({ flow, from: $('from').value, to: $('to').value, channel: $('channel').value, by: $('by').value });
    const base = '/api/flows/' + encodeURIComponent(flow);
    const tasks = [
      api(base + '/figures' + query()).then(showFigures),
      api(base + '/funnel' + query()).then(showFunnel),
      api(base + '/results' + query({ by: $('by').value })).then(showResults),
      api(base + '/arms' + query()).then(showArms),
      api('/api/segments' + query({ n: '3' })).then(showSegments),
      showTimeline(),
    ];
    if ($('graph').open) showGraph(); else $('graph-source').textContent = '';
    document.dispatchEvent(new CustomEvent('kabambe:flow-shown', { detail: { flow } })); // versions.js
    const outcomes = await Promise.allSettled(tasks);
    const failed = outcomes.find((o) => o.status === 'rejected');
    if (failed && failed.reason.status !== 401) $('filter-error').textContent = failed.reason.message;
    describeReport();
    document.body.dataset.loaded = flow;
    // crosstab.js (and other panels in their own files) follow the selected flow and period.
    document.dispatchEvent(new CustomEvent('kabambe:flow', { detail: { flow, query: query() } }));
  }

  // The printed report's head: the flow, period and filters the figures below are for, and when they were taken.
  function describeReport() {
    const from = $('from').value, to = $('to').value;
    const selected = (id) => $(id).selectedOptions[0] ? $(id).selectedOptions[0].textContent : '';
    $('report-flow').textContent = selected('flow');
    $('report-period').textContent = from && to ? t('period.span', { from: I18n.date(from), to: I18n.date(to) })
      : from ? t('report.since', { from: I18n.date(from) }) : to ? t('report.until', { to: I18n.date(to) })
        : t('report.all_time');
    $('report-channel').textContent = selected('channel');
    $('report-by').textContent = selected('by');
    $('report-generated').textContent = I18n.dateTime(new Date().toISOString());
  }

  // The Mermaid source needs an author token, so it is fetched only when someone opens it.
  async function showGraph() {
    const flow = $('flow').value;
    if (!flow) return;
    try {
      const g = await api('/api/flows/' + encodeURIComponent(flow) + '/graph' + query());
      $('graph-source').textContent = g.mermaid;
    } catch (e) {
      $('graph-source').textContent = e.code === 'insufficient_role' ? t('funnel.graph_author') : e.message;
    }
  }

  function card(name, value, note) {
    const d = el('dl', { class: 'card' }, el('dt', {}, name), el('dd', {}, value));
    if (note) d.append(el('dt', {}, note));
    return d;
  }

  function showFigures(f) {
    const r = f.reach, g = f.engagement, box = $('figure-cards');
    const median = g.median_seconds_to_complete;
    box.replaceChildren(
      card(t('figures.participants'), fmt(r.participants)),
      card(t('figures.runs'), fmt(r.runs)),
      card(t('figures.sessions'), fmt(g.sessions)),
      card(t('figures.completed'), fmt(g.completed), t('figures.of_runs', { share: pct(g.completion_rate) })),
      card(t('figures.left'), fmt(g.left)),
      card(t('figures.in_progress'), fmt(g.in_progress)),
      card(t('figures.median'), seconds(median)),
      card(t('figures.resumes'), fmt(g.resumes)),
      card(t('figures.opt_outs'), fmt(g.opt_outs)),
      card(t('figures.invalid'), fmt(g.invalid_answers)),
      card(t('figures.sms_reply_rate'), pct(g.sms_reply_rate),
        t('figures.sms_replies', { replies: fmt(g.sms_replies), questions: fmt(g.sms_questions) })));
    const m = r.messages || {};
    for (const [k, v] of Object.entries(m)) {
      if (k !== 'scope') box.append(card(t('figures.sms_status', { status: label(k) }), fmt(v), t('figures.deployment')));
    }
  }

  function showSegments(g) {
    $('segment-cards').replaceChildren(
      card(t('segments.completed_at_least', { n: fmt(g.n) }), fmt(g.completed_at_least)),
      card(t('segments.never_completed'), fmt(g.started_never_completed)),
      card(t('segments.never_replied'), fmt(g.reached_never_replied)));
  }

  // ---- over time ---------------------------------------------------------------------------------------------
  // The selected flow's (or the programme's) figures per day or hour, with broadcasts and flow versions marked.
  function timelinePath(format) {
    const p = new URLSearchParams();
    const interval = $('tl-interval').value;
    p.set('interval', interval);
    if ($('tl-channel').value) p.set('channel', $('tl-channel').value);
    if (interval === 'day') {
      // From and To above, when they are dates (the API's "to" is exclusive, the form's inclusive).
      const from = $('from').value.trim(), to = $('to').value.trim();
      if (isoDate(from)) p.set('from', from);
      if (isoDate(to)) p.set('to', nextDay(to));
    }
    if (format) p.set('format', format);
    const flow = $('flow').value;
    const base = $('tl-scope').value === 'programme' || !flow ? '/api/timeline'
      : '/api/flows/' + encodeURIComponent(flow) + '/timeline';
    return base + '?' + p.toString();
  }

  function nextDay(iso) {
    const d = new Date(iso + 'T00:00:00Z');
    d.setUTCDate(d.getUTCDate() + 1);
    return d.toISOString().slice(0, 10);
  }

  async function showTimeline() {
    $('timeline-error').textContent = '';
    Selection.set({ timeline: $('tl-scope').value === 'flow' ? '' : $('tl-scope').value,
      interval: $('tl-interval').value === 'day' ? '' : $('tl-interval').value, tl_channel: $('tl-channel').value });
    let t;
    try {
      t = await api(timelinePath());
    } catch (e) {
      if (e.status !== 401) $('timeline-error').textContent = e.message;
      return;
    }
    drawTimeline(t);
  }

  // A period as people read it in their language: the date, or the date and hour (UTC).
  const periodName = (p, hourly) => hourly ? I18n.dateTime(p) : I18n.date(p);
  const seconds = (x) => (x === null || x === undefined) ? '–' : t('unit.seconds', { n: fmt(Math.round(x)) });

  // A marker as this language words it (the API's name is English): a broadcast by its number, a version by its
  // flow and hash.
  const markerName = (m) => m.kind === 'broadcast' ? t('timeline.marker_broadcast', { id: m.broadcast })
    : t('timeline.marker_version', { flow: m.flow, hash: String(m.hash || '').slice(0, 8) });

  // The frame of an over-time chart (runs of a flow, SMS of a broadcast): an SVG image with its title and
  // description, a grid up to a round number over the largest value, a label every few periods, and marks() to put
  // markers at their time on the axis once the figures are drawn. tl: the API's {interval, from, to, periods}.
  function timeChart(tl, o) { // o: {id, title, desc, max}
    const W = 900, H = 300, L = 48, R = 12, T = 34, B = 44;
    const plotW = W - L - R, plotH = H - T - B, hourly = tl.interval === 'hour', periods = tl.periods;
    const step = Math.max(1, Math.ceil(Math.max(1, o.max) / 4));
    const top = step * Math.ceil(Math.max(1, o.max) / step);
    const y = (v) => T + plotH * (1 - v / top);
    const slot = plotW / Math.max(1, periods.length);
    const cx = (i) => L + slot * i + slot / 2;
    const s = svg('svg', { viewBox: '0 0 ' + W + ' ' + H, role: 'img',
      'aria-labelledby': o.id + '-title ' + o.id + '-desc' });
    s.append(svg('title', { id: o.id + '-title' }, o.title), svg('desc', { id: o.id + '-desc' }, o.desc));
    for (let v = 0; v <= top; v += step) {
      s.append(svg('line', { class: 'grid', x1: L, x2: W - R, y1: y(v), y2: y(v) }));
      s.append(svg('text', { class: 'small', x: L - 6, y: y(v) + 4, 'text-anchor': 'end' }, fmt(v)));
    }
    s.append(svg('line', { class: 'axis', x1: L, x2: W - R, y1: y(0), y2: y(0) }));
    const every = Math.max(1, Math.ceil(periods.length / 10));
    periods.forEach((p, i) => {
      if (i % every) return;
      s.append(svg('text', { class: 'small', x: cx(i), y: H - B + 16, 'text-anchor': 'middle' },
        hourly ? I18n.shortDate(p.period) + ' ' + t('unit.hour_of_day', { h: p.period.slice(11, 13) })
          : I18n.shortDate(p.period)));
    });
    s.append(svg('text', { class: 'small', x: L, y: H - 6 }, t('timeline.axis_' + (hourly ? 'hour' : 'day'))));

    // Markers at their time on the axis, with a dashed line down to it: broadcasts a triangle, named on the chart
    // itself in the reader's language (few, and what a reader looks for); flow versions a diamond.
    function marks(markers, nameOf) {
      const from = Date.parse(hourly ? tl.from : tl.from + 'T00:00:00Z');
      const to = Date.parse(hourly ? tl.to : tl.to + 'T00:00:00Z');
      for (const m of markers) {
        const x = L + plotW * (Date.parse(m.at) - from) / Math.max(1, to - from);
        const g = svg('g', { class: 'marker-at', 'data-kind': m.kind, 'data-period': m.period });
        g.append(svg('title', {}, nameOf(m) + ' (' + I18n.dateTime(m.at) + ')'));
        g.append(svg('line', { class: 'marker-line', x1: x, x2: x, y1: T - 6, y2: y(0) }));
        g.append(svg('path', { class: 'marker ' + m.kind,
          d: m.kind === 'broadcast' ? 'M' + (x - 6) + ' ' + (T - 18) + ' h12 l-6 10 z'
            : 'M' + x + ' ' + (T - 20) + ' l6 6 l-6 6 l-6 -6 z' }));
        if (m.kind === 'broadcast') {
          const name = nameOf(m), left = x + 9 + name.length * 6.5 > W - R; // else it would run off the chart
          g.append(svg('text', { class: 'small marker-label', x: left ? x - 9 : x + 9, y: T - 10,
            'text-anchor': left ? 'end' : 'start' }, name));
        }
        s.append(g);
      }
    }
    return { s, y, cx, slot, marks };
  }

  function drawTimeline(tl) {
    const box = $('timeline-chart');
    const periods = tl.periods, hourly = tl.interval === 'hour';
    const unit = hourly ? 'hour' : 'day';
    const scope = tl.scope === 'programme' ? t('timeline.programme') : t('timeline.of_flow', { flow: tl.flow });
    const channel = tl.channel === 'all' ? t('timeline.all_channels') : tl.channel.toUpperCase();
    const last = periods.length ? periods[periods.length - 1].period : tl.to;
    const span = t('period.span', { from: periodName(tl.from, hourly), to: periodName(last, hourly) });
    const total = periods.reduce((s, p) => s + p.runs_started, 0);
    const busiest = periods.reduce((b, p) => (!b || p.runs_started > b.runs_started) ? p : b, null);
    box.replaceChildren();
    box.dataset.scope = tl.scope;
    box.dataset.interval = tl.interval;
    box.dataset.runs = total;

    const title = t('timeline.chart_title_' + unit, { scope, channel, span });
    const desc = plural('timeline.desc_runs_' + unit, total, { periods: fmt(periods.length) })
      + (busiest && busiest.runs_started ? t('timeline.desc_busiest', { period: periodName(busiest.period, hourly),
        n: fmt(busiest.runs_started) }) : '')
      + plural('timeline.desc_markers', tl.markers.length)
      + (tl.markers.length ? ': ' + tl.markers.map((m) => t('timeline.marker_on', { name: markerName(m),
        period: periodName(m.period, hourly) })).join('; ') : '')
      + t('timeline.desc_table_' + unit);
    const frame = timeChart(tl, { id: 'timeline-svg', title, desc,
      max: Math.max(...periods.map((p) => Math.max(p.runs_started, p.participants))) });
    const { s, y, cx } = frame;
    const barW = Math.max(1, frame.slot * 0.7);

    // Bars: completed at the bottom, then dropped, then still open.
    periods.forEach((p, i) => {
      const open = Math.max(0, p.runs_started - p.completed - p.dropped);
      const g = svg('g', { class: 'period', 'data-period': p.period, 'data-runs': p.runs_started,
        'data-completed': p.completed, 'data-dropped': p.dropped, 'data-participants': p.participants });
      g.append(svg('title', {}, t('timeline.bar', { period: periodName(p.period, hourly), runs: fmt(p.runs_started),
        completed: fmt(p.completed), dropped: fmt(p.dropped), participants: fmt(p.participants) })));
      let base = 0;
      for (const [cls, n] of [['bar', p.completed], ['left', p.dropped], ['open', open]]) {
        if (!n) continue;
        g.append(svg('rect', { class: cls, x: cx(i) - barW / 2, y: y(base + n), width: barW, height: y(base) - y(base + n) }));
        base += n;
      }
      s.append(g);
    });
    // Participants: a line over the bars.
    if (periods.length) {
      s.append(svg('polyline', { class: 'participants', 'aria-hidden': 'true',
        points: periods.map((p, i) => cx(i) + ',' + y(p.participants)).join(' ') }));
      periods.forEach((p, i) => { if (p.participants) s.append(svg('circle', { class: 'participant-dot', cx: cx(i), cy: y(p.participants), r: 2.5 })); });
    }
    frame.marks(tl.markers, markerName);

    const legend = el('ul', { class: 'legend', 'aria-hidden': 'true' });
    for (const cls of ['completed', 'dropped', 'open', 'participants', 'broadcast', 'version']) {
      legend.append(el('li', {}, el('span', { class: 'swatch ' + cls }), t('timeline.legend_' + cls)));
    }
    box.append(el('p', {}, plural('timeline.summary', total, { span, scope, channel })), s, legend);

    // The same figures as a table (for screen readers, and to copy).
    const cols = ['participants', 'runs', 'completed', 'dropped', 'completion_rate', 'median', 'markers'];
    const table = el('table', { id: 'timeline-table' }, el('caption', {}, title),
      el('tr', {}, el('th', { scope: 'col' }, t('timeline.col_' + unit)),
        ...cols.map((c) => el('th', { scope: 'col' }, t('timeline.col_' + c)))));
    for (const p of periods) {
      const marks = tl.markers.filter((m) => m.period === p.period).map(markerName).join('; ');
      table.append(el('tr', { 'data-period': p.period }, el('th', { scope: 'row' }, periodName(p.period, hourly)),
        el('td', {}, fmt(p.participants)), el('td', {}, fmt(p.runs_started)), el('td', {}, fmt(p.completed)),
        el('td', {}, fmt(p.dropped)), el('td', {}, p.runs_started ? pct(p.completion_rate) : '–'),
        el('td', {}, seconds(p.median_seconds_to_complete)), el('td', {}, marks)));
    }
    box.append(el('details', {}, el('summary', {}, t('chart.as_table')), table));
  }

  // The CSV needs the token, so the link fetches it and hands the browser the file.
  async function downloadTimeline(ev) {
    ev.preventDefault();
    $('timeline-error').textContent = '';
    const token = sessionStorage.getItem(TOKEN_KEY) || '';
    try {
      const res = await fetch(timelinePath('csv'), { headers: { 'Authorization': 'Bearer ' + token, 'Accept': 'text/csv' } });
      if (!res.ok) {
        let body = null;
        try { body = await res.json(); } catch (e) { body = null; }
        throw new Error(body && body.message || t('error.status', { status: res.status }));
      }
      const name = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') || '');
      const url = URL.createObjectURL(await res.blob());
      const a = el('a', { href: url, download: name ? name[1] : 'timeline.csv', hidden: '' });
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10000);
      document.body.dataset.csv = name ? name[1] : 'timeline.csv';
    } catch (e) {
      $('timeline-error').textContent = t('download.failed', { message: e.message });
    }
  }

  // A horizontal bar chart: rows of {name, note, value, part} drawn to the largest value.
  function barChart(rows, opts) {
    const o = Object.assign({ arcs: 0, nameWidth: 220, noteWidth: 230, barWidth: 420, row: 26, title: '' }, opts || {});
    const width = o.arcs + o.nameWidth + o.barWidth + o.noteWidth;
    const height = rows.length * o.row + 8;
    const max = Math.max(1, ...rows.map((r) => r.value));
    // Not role=img: the labels and counts inside stay readable by screen readers, row by row.
    const s = svg('svg', { viewBox: '0 0 ' + width + ' ' + height, role: 'group', 'aria-label': o.title });
    s.append(svg('title', {}, o.title));
    // Its figures for the CSV download (downloads.js): by default the name and the count of each row shown.
    const csv = o.csv || { columns: [t('csv.name'), t('results.count')], row: (r) => [r.name, r.value] };
    window.KabambeDownloads.register(s, csv.columns, rows.filter((r) => !r.muted).map(csv.row));
    if (o.arcs) s.append(arcs(rows, o));
    const shift = svg('g', { transform: 'translate(' + o.arcs + ' 0)' });
    s.append(shift);
    rows.forEach((r, i) => {
      const y = 4 + i * o.row;
      const g = svg('g', { class: r.muted ? 'row muted' : 'row', 'data-name': r.name });
      g.append(svg('text', { x: o.nameWidth - 8, y: y + o.row * 0.65, 'text-anchor': 'end' }, r.name));
      if (r.muted) {
        g.append(svg('text', { x: o.nameWidth + 8, y: y + o.row * 0.65 }, r.note));
        shift.append(g);
        return;
      }
      g.append(svg('rect', { class: 'track', x: o.nameWidth, y: y + 3, width: o.barWidth, height: o.row - 8, rx: 3 }));
      const w = o.barWidth * r.value / max;
      g.append(svg('rect', { class: 'bar', x: o.nameWidth, y: y + 3, width: w, height: o.row - 8, rx: 3 }));
      if (r.part) {
        const lw = o.barWidth * r.part / max;
        g.append(svg('rect', { class: 'left', x: o.nameWidth + w - lw, y: y + 3, width: lw, height: o.row - 8 }));
      }
      g.append(svg('text', { x: o.nameWidth + o.barWidth + 8, y: y + o.row * 0.65 }, r.note));
      shift.append(g);
    });
    return s;
  }

  // The flow graph beside the bars: an arc from each node to every node it leads to, bulging further left the
  // further it goes; arcs back up the flow (menus' "back", loops) are dashed.
  function arcs(rows, o) {
    const index = new Map(rows.map((r, i) => [r.id, i]));
    const g = svg('g', { class: 'arcs', 'aria-hidden': 'true' });
    const x = o.arcs - 6;
    const mid = (i) => 4 + i * o.row + o.row / 2;
    rows.forEach((r, i) => {
      for (const to of r.next || []) {
        const j = index.get(to);
        if (j === undefined || j === i) continue;
        const bulge = Math.min(x - 4, 10 + Math.abs(j - i) * 9);
        const y1 = mid(i) + (j > i ? 3 : -3), y2 = mid(j) + (j > i ? -3 : 3);
        g.append(svg('path', {
          class: j > i ? 'arc' : 'arc back',
          d: 'M' + x + ' ' + y1 + ' C' + (x - bulge) + ' ' + y1 + ' ' + (x - bulge) + ' ' + y2 + ' ' + x + ' ' + y2,
        }));
        g.append(svg('path', { class: 'arrow', d: 'M' + x + ' ' + y2 + ' l-6 -3 v6 z' }));
      }
    });
    return g;
  }

  function showFunnel(f) {
    const box = $('funnel-chart');
    box.replaceChildren();
    box.dataset.runs = f.runs;
    box.append(el('p', {}, plural('funnel.runs', f.runs)));
    // Routes, calls and actions show nothing, so no participant "reaches" them: drawn without a bar.
    const rows = f.nodes.map((n) => (n.shows === undefined ? SCREENS.has(n.kind) : n.shows) ? {
      id: n.node, next: n.next, name: n.node + ' (' + n.kind + ')', value: n.reached, part: n.left,
      note: t('funnel.note', { reached: fmt(n.reached), share: pct(n.reached_share), left: fmt(n.left) }),
    } : { id: n.node, next: n.next, name: n.node + ' (' + n.kind + ')', value: 0, note: t('funnel.passes'), muted: true });
    box.append(barChart(rows, { arcs: 150, title: t('funnel.chart_title', { flow: f.flow }),
      csv: { columns: ['node', 'reached', 'left'].map((c) => t('funnel.col_' + c)), row: (r) => [r.id, r.value, r.part || 0] } }));
    const table = el('table', {}, el('caption', {}, t('funnel.table')),
      el('tr', {}, ...['node', 'kind', 'reached', 'share', 'left'].map((c) => el('th', { scope: 'col' }, t('funnel.col_' + c)))));
    for (const n of f.nodes) {
      table.append(el('tr', {}, el('td', {}, n.node), el('td', {}, n.kind), el('td', {}, fmt(n.reached)),
        el('td', {}, pct(n.reached_share)), el('td', {}, fmt(n.left))));
    }
    box.append(el('details', {}, el('summary', {}, t('chart.as_table')), table));
  }

  // The contact fields answers can be split by (e.g. district) join the "Answers by" choices.
  function fillFields(fields) {
    const group = $('by-fields');
    const have = new Set([...group.children].map((o) => o.value));
    for (const f of fields || []) if (!have.has(f)) group.append(el('option', { value: f }, f));
  }

  function showResults(r) {
    fillFields(r.fields);
    const box = $('results-charts');
    box.replaceChildren();
    if (!r.questions.length) { box.append(el('p', { class: 'muted' }, t('results.none'))); return; }
    for (const q of r.questions) {
      box.append(el('h3', {}, q.name + ' ', el('span', { class: 'muted' }, plural('results.answers', q.total, { node: q.node }))));
      if (q.numbers) {
        box.append(numberSummary(q));
      } else {
        box.append(el('div', { class: 'chart' }, barChart(q.answers.map((a) => ({
          name: answerName(a), value: a.count, note: countShare(a.count, q.total ? a.count / q.total : 0),
        })), { title: t('results.chart_title', { question: q.name }) })));
      }
      if (r.by !== 'none' && r.by) box.append(splitTable(q, r.by));
    }
  }

  // A menu answer reads as its option's label, with the value stored (and exported) beside it.
  const answerName = (a) => a.label ? a.label + ' (' + a.value + ')' : a.value;
  const countShare = (n, share) => t('results.count_share', { n: fmt(n), share: pct(share) });

  // A number question: count, mean, median, min and max, then a histogram of its bins in order.
  function numberSummary(q) {
    const n = q.numbers;
    const stats = el('dl', { class: 'counts number-stats', 'data-question': q.name });
    for (const [name, value] of [['count', fmt(n.count)], ['mean', num(n.mean)], ['median', num(n.median)],
      ['min', num(n.min)], ['max', num(n.max)]]) {
      stats.append(el('div', {}, el('dt', {}, t('results.' + name)), el('dd', {}, value)));
    }
    const bins = n.histogram.map((b) => ({
      name: t('results.bin', { from: num(b.from), to: num(b.to) }), value: b.count,
      note: countShare(b.count, n.count ? b.count / n.count : 0),
    }));
    const chart = el('div', { class: 'chart histogram', 'data-question': q.name },
      barChart(bins, { title: t('results.histogram', { question: q.name }) }));
    return el('div', { class: 'numbers' }, stats, chart);
  }

  // Values as rows, groups (languages, channels, arms) as columns: count and share of the group's answers.
  function splitTable(q, by) {
    const groups = [...new Set(q.answers.flatMap((a) => Object.keys(a.by || {})))].sort();
    const totals = Object.fromEntries(groups.map((g) => [g, q.answers.reduce((s, a) => s + ((a.by || {})[g] || 0), 0)]));
    const head = el('tr', {}, el('th', { scope: 'col' }, q.name));
    for (const g of groups) {
      head.append(el('th', { scope: 'col' }, g === '' ? t('results.no_group', { by: byName(by) })
        : t('results.group', { by: byName(by), group: g })));
    }
    const table = el('table', {}, el('caption', {}, t('results.by', { question: q.name, by: byName(by) })), head);
    // Number answers in numeric order; others most frequent first, as the API sends them.
    const rows = q.numbers ? [...q.answers].sort((x, y) => Number(x.value) - Number(y.value)) : q.answers;
    for (const a of rows) {
      const tr = el('tr', {}, el('td', {}, answerName(a)));
      for (const g of groups) {
        const n = (a.by || {})[g] || 0;
        tr.append(el('td', {}, countShare(n, totals[g] ? n / totals[g] : 0)));
      }
      table.append(tr);
    }
    return table;
  }

  function showArms(a) {
    const box = $('arms-tables');
    box.replaceChildren();
    if (!a.arms.length || (a.arms.length === 1 && a.arms[0].arm === 'none')) {
      box.append(el('p', { class: 'muted' }, t('arms.none')));
      return;
    }
    const table = el('table', {}, el('caption', {}, t('arms.caption')),
      el('tr', {}, ...['arm', 'runs', 'participants', 'completed', 'completion_rate']
        .map((h) => el('th', { scope: 'col' }, t('arms.col_' + h)))));
    for (const x of a.arms) {
      table.append(el('tr', {}, el('td', {}, x.arm), el('td', {}, fmt(x.runs)), el('td', {}, fmt(x.participants)),
        el('td', {}, fmt(x.completed)), el('td', {}, pct(x.completion_rate))));
    }
    box.append(table);
    for (const q of a.results) box.append(splitTable(q, 'arm'));
  }

  // ---- broadcasts and campaigns ---------------------------------------------------------------------------
  async function fillMessages() {
    let list;
    try { list = await api('/api/messages'); } catch (e) { $('message-note').textContent = e.message; return; }
    const select = $('message-source');
    select.replaceChildren();
    const campaigns = el('optgroup', { label: t('messages.campaigns') });
    for (const c of list.campaigns) campaigns.append(el('option', { value: 'campaigns/' + c.id, translate: 'no' }, c.title + ' (' + c.id + ')'));
    const broadcasts = el('optgroup', { label: t('messages.broadcasts') });
    for (const b of list.broadcasts) {
      const what = b.flow ? t('messages.what_flow', { flow: b.flow })
        : (b.arms.length ? t('messages.what_arms', { arms: b.arms.join(', ') }) : t('messages.what_text'));
      broadcasts.append(el('option', { value: 'broadcasts/' + b.id }, t('messages.broadcast', { id: b.id,
        date: I18n.date(b.start_at), what, status: label(b.status) })));
    }
    if (list.broadcasts.length) select.append(broadcasts);
    if (list.campaigns.length) select.append(campaigns);
    if (!select.options.length) {
      $('message-note').textContent = t('messages.none');
      return;
    }
    await showMessages();
  }

  async function showMessages() {
    const source = $('message-source').value;
    if (!source) return;
    $('message-note').textContent = '';
    let r;
    try { r = await api('/api/messages/' + source.split('/').map(encodeURIComponent).join('/')); } catch (e) {
      $('message-note').textContent = e.message;
      return;
    }
    const total = r.total;
    $('message-cards').replaceChildren(
      card(t('messages.messages'), fmt(total.messages)), card(t('messages.queued'), fmt(total.queued)),
      card(t('messages.sent'), fmt(total.sent)), card(t('messages.delivered'), fmt(total.delivered)),
      card(t('messages.failed'), fmt(total.failed)), card(t('messages.recipients'), fmt(total.recipients)),
      card(t('messages.replied'), fmt(total.repliers), t('messages.replied_note', { share: pct(total.reply_rate),
        sms: fmt(total.replies) })),
      card(t('messages.opt_outs'), fmt(total.opt_outs)));
    const box = $('message-parts');
    box.replaceChildren();
    if (r.parts.length) {
      const what = r.kind === 'campaign' ? 'step' : 'arm';
      const cols = ['messages', 'sent', 'delivered', 'failed', 'recipients', 'repliers', 'reply_rate', 'opt_outs'];
      const table = el('table', {}, el('caption', {}, t('messages.parts_' + what)),
        el('tr', {}, el('th', { scope: 'col' }, t('messages.col_' + what)),
          ...cols.map((c) => el('th', { scope: 'col' }, label(c)))));
      for (const p of r.parts) {
        table.append(el('tr', { 'data-part': p.name }, el('td', {}, p.name === '' ? t('messages.all') : p.name),
          ...cols.map((c) => el('td', {}, c === 'reply_rate' ? pct(p[c]) : fmt(p[c])))));
      }
      box.append(table);
    }
    if (r.note) $('message-note').textContent = r.note;
    document.body.dataset.messages = source;
    document.dispatchEvent(new CustomEvent('kabambe:messages-shown', { detail: { source } }));
  }

  // ---- the web simulator -----------------------------------------------------------------------------------
  const sim = { endpoint: '/ussd/generic', session: null, busy: false };

  function simNumber(fresh) {
    let n = sessionStorage.getItem(NUMBER_KEY);
    if (!n || fresh || !n.startsWith('+4477009009')) {
      // The simulator's own fictional numbers (Ofcom drama range), +447700900900..999: see SimulatedNumbers.
      n = '+4477009009' + String(Math.floor(Math.random() * 100)).padStart(2, '0');
      sessionStorage.setItem(NUMBER_KEY, n);
    }
    $('sim-number').textContent = n;
    return n;
  }

  async function setUpSimulator() {
    let info;
    try { info = await api('/api/simulator'); } catch (e) { $('sim-error').textContent = e.message; return; }
    sim.endpoint = info.endpoint;
    $('sim-endpoint').textContent = t(info.endpoint === '/ussd/generic' ? 'sim.open' : 'sim.protected');
    const select = $('sim-flow');
    select.replaceChildren();
    for (const f of info.flows) {
      for (const code of f.ussd) select.append(el('option', { value: code, translate: 'no' }, f.title + ' — ' + code));
    }
    simNumber(false);
  }

  function screen(status, text) {
    $('sim-status').textContent = status;
    $('sim-screen').textContent = text;
  }

  function inSession(on) {
    $('sim-input').disabled = !on;
    $('sim-send').disabled = !on;
    $('sim-hangup').disabled = !on;
    if (on) $('sim-input').focus();
  }

  async function hop(input, fresh) {
    // A fresh requestId per hop: a person clicking never retries, and may send the same input twice within the
    // server's retry window (two "1"s in a row), which without an id would be replayed as a retry.
    sim.hops = (sim.hops || 0) + 1;
    const body = { sessionId: sim.session, msisdn: simNumber(false), serviceCode: $('sim-flow').value, input: input,
      new: fresh, requestId: sim.session + '-' + sim.hops };
    const init = { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) };
    let reply;
    if (sim.endpoint === '/api/simulate') {
      reply = await api('/api/simulate', init);
    } else {
      const res = await fetch(sim.endpoint, init); // an open gateway: no token leaves the page
      if (!res.ok) throw new Error(t('sim.gateway_error', { status: res.status, text: await res.text() }));
      reply = await res.json();
    }
    return reply;
  }

  async function step(input, fresh) {
    if (sim.busy) return;
    sim.busy = true;
    $('sim-error').textContent = '';
    try {
      const reply = await hop(input, fresh);
      screen(t(reply.end ? 'sim.end' : 'sim.con'), reply.text);
      $('sim-screen').dataset.state = reply.end ? 'end' : 'con';
      inSession(!reply.end);
      if (reply.end) { sim.session = null; $('sim-call').focus(); }
    } catch (e) {
      $('sim-error').textContent = e.message;
    } finally {
      sim.busy = false;
    }
  }

  // ---- the selection a shared URL carries --------------------------------------------------------------------
  function choose(id, value) {
    if (value && [...$(id).options].some((o) => o.value === value)) $(id).value = value;
  }

  // Before the first figures are asked for: the period, channel, breakdown and over-time choices of the URL.
  function restoreSelection() {
    for (const id of ['from', 'to']) $(id).value = Selection.take(id);
    choose('channel', Selection.take('channel'));
    const by = Selection.take('by');
    if (by && ![...$('by').options].some((o) => o.value === by)) {
      $('by-fields').append(el('option', { value: by, translate: 'no' }, by)); // a contact field, listed later
    }
    choose('by', by);
    choose('tl-scope', Selection.take('timeline'));
    choose('tl-interval', Selection.take('interval'));
    choose('tl-channel', Selection.take('tl_channel'));
    Selection.set({ lang: I18n.lang });
  }

  // ---- wiring ------------------------------------------------------------------------------------------------
  I18n.ready.then(() => {
    $('login-form').addEventListener('submit', (ev) => {
      ev.preventDefault();
      const token = $('token').value.trim();
      $('token').value = '';
      if (token) signIn(token);
    });
    $('signout').addEventListener('click', () => signOut(t('login.signed_out')));
    $('filters').addEventListener('submit', (ev) => { ev.preventDefault(); showFlow(); });
    $('flow').addEventListener('change', showFlow);
    $('timeline-filters').addEventListener('submit', (ev) => { ev.preventDefault(); showTimeline(); });
    for (const id of ['tl-scope', 'tl-interval', 'tl-channel']) $(id).addEventListener('change', showTimeline);
    $('tl-csv').addEventListener('click', downloadTimeline);
    $('graph').addEventListener('toggle', () => { if ($('graph').open) showGraph(); });
    $('message-pick').addEventListener('submit', (ev) => { ev.preventDefault(); showMessages(); });
    $('message-source').addEventListener('change', showMessages);
    $('sim-dial').addEventListener('submit', (ev) => {
      ev.preventDefault();
      sim.session = 'sim-' + Date.now().toString(36) + '-' + Math.random().toString(36).slice(2, 8);
      screen(t('sim.dialling', { code: $('sim-flow').value }), '');
      step('', true);
    });
    $('sim-renumber').addEventListener('click', () => simNumber(true));
    $('sim-hangup').addEventListener('click', () => {
      sim.session = null;
      inSession(false);
      screen(t('sim.hung_up'), '');
    });
    $('sim-reply').addEventListener('submit', (ev) => {
      ev.preventDefault();
      const input = $('sim-input').value;
      $('sim-input').value = '';
      if (sim.session) step(input, false);
    });
    restoreSelection();
    const saved = sessionStorage.getItem(TOKEN_KEY);
    if (saved) signIn(saved); else signOut('');
    document.body.dataset.ready = I18n.lang; // wired up, texts in this language
  });
  // For the panels in scripts of their own (messagetimeline.js): the API with the token, the over-time frame and
  // the DOM helpers.
  window.KabambeDashboard = { api, timeChart, el, svg };
})();
