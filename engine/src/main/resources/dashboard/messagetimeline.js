// Kabambe dashboard, a broadcast's or campaign's SMS over time: sent, delivered and failed per day (or hour) as
// bars side by side, replies and opt-outs as lines, the broadcast's start marked on the time axis; the same figures
// as a table, and as CSV beside the SVG and PNG (downloads.js). dashboard.js announces the source it shows with the
// event "kabambe:messages-shown"; the chart's frame, the API call and the DOM helpers are dashboard.js's. Every
// text from the API is set with textContent or as an SVG text node.
'use strict';

(function () {
  const $ = (id) => document.getElementById(id);
  const I18n = window.KabambeI18n;
  const { t, plural, fmt } = I18n;
  const BARS = ['sent', 'delivered', 'failed'];
  const COLUMNS = ['sent', 'delivered', 'failed', 'replies', 'opt_outs'];
  const { el, svg, api, timeChart } = window.KabambeDashboard; // dashboard.js, loaded before this script
  let source = '';

  // "broadcasts/3" or "campaigns/tips": the API's own path, per day or per hour.
  async function show() {
    const box = $('message-timeline');
    if (!box || !source) return;
    $('message-timeline-error').textContent = '';
    let tl;
    try {
      tl = await api('/api/' + source.split('/').map(encodeURIComponent).join('/')
        + '/timeline?interval=' + $('msg-interval').value);
    } catch (e) {
      if (e.status !== 401) $('message-timeline-error').textContent = e.message; // 401 signs out
      return;
    }
    draw(box, tl);
  }

  const periodName = (p, hourly) => hourly ? I18n.dateTime(p) : I18n.date(p);
  // A marker as this language words it: "Broadcast 3 starts sending", "Diffusion 3 : début de l'envoi".
  const markerName = (m) => t('messages.marker_' + m.kind, { id: m.broadcast });

  function draw(box, tl) {
    const periods = tl.periods, hourly = tl.interval === 'hour';
    const unit = hourly ? 'hour' : 'day';
    const what = tl.kind === 'campaign' ? t('messages.timeline_campaign', { id: tl.id })
      : t('messages.timeline_broadcast', { id: tl.id });
    const last = periods.length ? periods[periods.length - 1].period : tl.to;
    const span = t('period.span', { from: periodName(tl.from, hourly), to: periodName(last, hourly) });
    box.replaceChildren();
    box.dataset.source = source;
    box.dataset.interval = tl.interval;
    box.dataset.sent = tl.totals.sent;
    box.dataset.replies = tl.totals.replies;

    const title = t('messages.chart_title_' + unit, { what, span });
    const busiest = periods.reduce((b, p) => (!b || p.replies > b.replies) ? p : b, null);
    const desc = t('messages.desc', { sent: fmt(tl.totals.sent), delivered: fmt(tl.totals.delivered),
      failed: fmt(tl.totals.failed), replies: fmt(tl.totals.replies), opt_outs: fmt(tl.totals.opt_outs) })
      + (busiest && busiest.replies ? t('messages.desc_busiest', { period: periodName(busiest.period, hourly),
        n: fmt(busiest.replies) }) : '')
      + (tl.markers.length ? ' ' + tl.markers.map((m) => t('timeline.marker_on', { name: markerName(m),
        period: periodName(m.period, hourly) })).join('; ') + '.' : '')
      + t('timeline.desc_table_' + unit);
    const frame = timeChart(tl, { id: 'message-svg', title, desc,
      max: Math.max(...periods.map((p) => Math.max(...COLUMNS.map((c) => p[c])))) });
    const { s, y, cx } = frame;
    const barW = Math.max(1, frame.slot * 0.8 / BARS.length);
    periods.forEach((p, i) => {
      const g = svg('g', Object.assign({ class: 'period', 'data-period': p.period },
        ...COLUMNS.map((c) => ({ ['data-' + c.replace('_', '-')]: p[c] }))));
      g.append(svg('title', {}, t('messages.bar', { period: periodName(p.period, hourly), sent: fmt(p.sent),
        delivered: fmt(p.delivered), failed: fmt(p.failed), replies: fmt(p.replies), opt_outs: fmt(p.opt_outs) })));
      BARS.forEach((c, k) => {
        if (!p[c]) return;
        g.append(svg('rect', { class: 'sms-' + c, x: cx(i) - barW * BARS.length / 2 + barW * k, y: y(p[c]),
          width: barW, height: y(0) - y(p[c]) }));
      });
      s.append(g);
    });
    for (const c of ['replies', 'opt_outs']) {
      if (!periods.some((p) => p[c])) continue;
      s.append(svg('polyline', { class: 'sms-' + c, 'aria-hidden': 'true',
        points: periods.map((p, i) => cx(i) + ',' + y(p[c])).join(' ') }));
      periods.forEach((p, i) => { if (p[c]) s.append(svg('circle', { class: 'sms-' + c + '-dot', cx: cx(i), cy: y(p[c]), r: 2.5 })); });
    }
    frame.marks(tl.markers, markerName);
    window.KabambeDownloads.register(s, ['period', ...COLUMNS], periods.map((p) => [p.period, ...COLUMNS.map((c) => p[c])]));

    const legend = el('ul', { class: 'legend', 'aria-hidden': 'true' });
    for (const c of [...COLUMNS, ...(tl.markers.length ? ['broadcast'] : [])]) {
      legend.append(el('li', {}, el('span', { class: 'swatch sms-' + c + (c === 'broadcast' ? ' broadcast' : '') }),
        t('messages.legend_' + c)));
    }
    box.append(el('p', {}, plural('messages.summary', tl.totals.sent, { what, span,
      replies: fmt(tl.totals.replies) })), s, legend);

    const table = el('table', { id: 'message-timeline-table' }, el('caption', {}, title),
      el('tr', {}, el('th', { scope: 'col' }, t('timeline.col_' + unit)),
        ...COLUMNS.map((c) => el('th', { scope: 'col' }, t('messages.legend_' + c))),
        el('th', { scope: 'col' }, t('timeline.col_markers'))));
    for (const p of periods) {
      table.append(el('tr', { 'data-period': p.period }, el('th', { scope: 'row' }, periodName(p.period, hourly)),
        ...COLUMNS.map((c) => el('td', {}, fmt(p[c]))),
        el('td', {}, tl.markers.filter((m) => m.period === p.period).map(markerName).join('; '))));
    }
    box.append(el('details', {}, el('summary', {}, t('chart.as_table')), table));
  }

  I18n.ready.then(() => {
    document.addEventListener('kabambe:messages-shown', (ev) => {
      source = ev.detail.source;
      show();
    });
    $('msg-interval').addEventListener('change', show);
  });
})();
