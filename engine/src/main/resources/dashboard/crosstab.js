// Kabambe dashboard, the cross-tab panel: one question's answers by another question or a contact field, from
// GET /api/flows/:id/crosstab. Follows the flow and period that dashboard.js announces ('kabambe:flow'). Every
// text from the API is set with textContent, never parsed as HTML.
'use strict';

(function () {
  const TOKEN_KEY = 'kabambe.token';
  const $ = (id) => document.getElementById(id);
  let current = { flow: '', query: '' };
  let optionsOf = '';
  let asked = 0; // only the latest request's answer is shown (an earlier one may arrive later)

  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
    for (const c of children) e.append(c instanceof Node ? c : document.createTextNode(String(c)));
    return e;
  }
  const { t, fmt } = window.KabambeI18n;
  const I18n = window.KabambeI18n;
  const Selection = window.KabambeSelection;

  async function get(path, accept) {
    const res = await fetch(path, { headers: { 'Authorization': 'Bearer ' + (sessionStorage.getItem(TOKEN_KEY) || ''),
      'Accept': accept || 'application/json' } });
    if (!res.ok) {
      let body = null;
      try { body = await res.json(); } catch (e) { body = null; }
      throw new Error(body && body.message || t('error.status', { status: res.status }));
    }
    return res;
  }

  // The selects: rows take a question or a contact field (sent as contact.<name>), columns a question.
  async function fillSelects(flow) {
    const o = await (await get('/api/flows/' + encodeURIComponent(flow) + '/crosstab/options')).json();
    const rows = $('ct-rows');
    const columns = $('ct-columns');
    const keepRows = rows.value || Selection.take('rows'); // the first time, a shared URL's choice
    const keepColumns = columns.value || Selection.take('columns');
    const questions = o.questions.map((q) => el('option', { value: q }, q));
    rows.replaceChildren(el('optgroup', { label: t('crosstab.fields') },
      ...o.fields.map((f) => el('option', { value: 'contact.' + f }, f))),
    el('optgroup', { label: t('crosstab.questions') }, ...questions.map((q) => q.cloneNode(true))));
    columns.replaceChildren(...questions);
    if ([...rows.options].some((x) => x.value === keepRows)) rows.value = keepRows;
    if ([...columns.options].some((x) => x.value === keepColumns)) columns.value = keepColumns;
    if (rows.value === columns.value && columns.options.length > 1 && !keepColumns) columns.selectedIndex = 1;
    optionsOf = flow;
  }

  function path(format) {
    const p = new URLSearchParams(current.query.replace(/^\?/, ''));
    p.set('rows', $('ct-rows').value);
    p.set('columns', $('ct-columns').value);
    p.set('lang', I18n.lang); // answer labels in the reader's language where the flow has it
    if (format) p.set('format', format);
    return '/api/flows/' + encodeURIComponent(current.flow) + '/crosstab?' + p.toString();
  }

  async function show() {
    $('crosstab-error').textContent = '';
    if (!current.flow) return;
    const mine = ++asked;
    try {
      if (optionsOf !== current.flow) await fillSelects(current.flow);
      if (mine !== asked) return;
      if (!$('ct-rows').value || !$('ct-columns').value) {
        $('crosstab-table').replaceChildren(el('p', { class: 'muted' }, t('crosstab.no_question')));
        return;
      }
      Selection.set({ rows: $('ct-rows').value, columns: $('ct-columns').value });
      const table = await (await get(path())).json();
      if (mine === asked) render(table);
    } catch (e) {
      if (mine === asked) $('crosstab-error').textContent = t('crosstab.failed', { message: e.message });
    }
  }

  const name = (v) => v.label ? v.label + ' (' + v.value + ')' : v.value;

  function render(x) {
    const box = $('crosstab-table');
    const small = '<' + x.min_cell;
    // The API's "to" is exclusive: the caption names the last day counted, as the form's "To (inclusive)" does.
    const last = new Date(Date.parse(x.period.to + 'T00:00:00Z') - 86400000).toISOString().slice(0, 10);
    const title = t('crosstab.caption' + (x.rows.kind === 'contact_field' ? '_field' : ''), { columns: x.columns.name,
      rows: x.rows.name, span: t('period.span', { from: I18n.date(x.period.from), to: I18n.date(last) }),
      channel: x.period.channel === 'all' ? t('timeline.all_channels') : x.period.channel.toUpperCase() });
    const table = el('table', { id: 'crosstab-grid', 'data-rows': x.rows.name, 'data-columns': x.columns.name },
      el('caption', {}, title));
    const head = el('tr', {}, el('th', { scope: 'col' }, x.rows.name));
    for (const v of x.columns.values) head.append(el('th', { scope: 'col' }, name(v)));
    head.append(el('th', { scope: 'col' }, t('crosstab.n')));
    table.append(el('thead', {}, head));
    const body = el('tbody');
    for (const r of x.table) {
      const tr = el('tr', { 'data-row': r.value }, el('th', { scope: 'row' }, name(r)));
      for (const c of r.cells) {
        if (c.suppressed) {
          tr.append(el('td', { class: 'suppressed', 'data-column': c.value,
            title: t('crosstab.suppressed_title', { min: fmt(x.min_cell) }) }, small));
        } else {
          tr.append(el('td', { 'data-column': c.value }, c.row_percent === null ? fmt(c.count)
            : t('results.count_share', { n: fmt(c.count), share: I18n.pct(c.row_percent / 100) })));
        }
      }
      tr.append(el('td', { class: r.n_suppressed ? 'n suppressed' : 'n' }, r.n_suppressed ? small : fmt(r.n)));
      body.append(tr);
    }
    const all = el('tr', {}, el('th', { scope: 'row' }, t('crosstab.all')));
    for (let i = 0; i < x.columns.values.length; i++) all.append(el('td', {}, ''));
    all.append(el('td', { class: 'n' }, x.n_suppressed ? small : fmt(x.n)));
    body.append(all);
    table.append(body);
    const notes = [el('p', { class: 'muted' }, t('crosstab.how')
      + (x.without_row_value ? ' ' + t('crosstab.without', { n: fmt(x.without_row_value), rows: x.rows.name }) : ''))];
    notes.push(el('p', { id: 'crosstab-note', class: 'note' }, t('crosstab.suppression', { below: fmt(x.min_cell - 1),
      small, min: fmt(x.min_cell) }) + ' ' + t(x.suppressed ? 'crosstab.some_hidden' : 'crosstab.none_hidden')));
    box.replaceChildren(table, ...notes);
    box.dataset.n = x.n_suppressed ? '' : String(x.n);
  }

  // The CSV needs the token, so the link fetches it and hands the browser the file.
  async function download(ev) {
    ev.preventDefault();
    $('crosstab-error').textContent = '';
    try {
      const res = await get(path('csv'), 'text/csv');
      const file = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') || '');
      const url = URL.createObjectURL(await res.blob());
      const a = el('a', { href: url, download: file ? file[1] : 'crosstab.csv', hidden: '' });
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10000);
      document.body.dataset.csv = file ? file[1] : 'crosstab.csv';
    } catch (e) {
      $('crosstab-error').textContent = t('download.failed', { message: e.message });
    }
  }

  document.addEventListener('kabambe:flow', (ev) => {
    current = { flow: ev.detail.flow, query: ev.detail.query };
    show();
  });
  document.addEventListener('DOMContentLoaded', () => {
    $('crosstab-filters').addEventListener('submit', (ev) => { ev.preventDefault(); show(); });
    for (const id of ['ct-rows', 'ct-columns']) $(id).addEventListener('change', show);
    $('ct-csv').addEventListener('click', download);
  });
})();
