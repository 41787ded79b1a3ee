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
  const fmt = (n) => Number(n).toLocaleString('en');

  async function get(path, accept) {
    const res = await fetch(path, { headers: { 'Authorization': 'Bearer ' + (sessionStorage.getItem(TOKEN_KEY) || ''),
      'Accept': accept || 'application/json' } });
    if (!res.ok) {
      let body = null;
      try { body = await res.json(); } catch (e) { body = null; }
      throw new Error(body && body.message || 'the server answered ' + res.status);
    }
    return res;
  }

  // The selects: rows take a question or a contact field (sent as contact.<name>), columns a question.
  async function fillSelects(flow) {
    const o = await (await get('/api/flows/' + encodeURIComponent(flow) + '/crosstab/options')).json();
    const rows = $('ct-rows');
    const columns = $('ct-columns');
    const keepRows = rows.value;
    const keepColumns = columns.value;
    const questions = o.questions.map((q) => el('option', { value: q }, q));
    rows.replaceChildren(el('optgroup', { label: 'Contact fields' },
      ...o.fields.map((f) => el('option', { value: 'contact.' + f }, f))),
    el('optgroup', { label: 'Questions' }, ...questions.map((q) => q.cloneNode(true))));
    columns.replaceChildren(...questions);
    if ([...rows.options].some((x) => x.value === keepRows)) rows.value = keepRows;
    if ([...columns.options].some((x) => x.value === keepColumns)) columns.value = keepColumns;
    if (rows.value === columns.value && columns.options.length > 1) columns.selectedIndex = 1;
    optionsOf = flow;
  }

  function path(format) {
    const p = new URLSearchParams(current.query.replace(/^\?/, ''));
    p.set('rows', $('ct-rows').value);
    p.set('columns', $('ct-columns').value);
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
        $('crosstab-table').replaceChildren(el('p', { class: 'muted' }, 'This flow asks no question to tabulate.'));
        return;
      }
      const t = await (await get(path())).json();
      if (mine === asked) render(t);
    } catch (e) {
      if (mine === asked) $('crosstab-error').textContent = 'The cross-tab could not be shown: ' + e.message;
    }
  }

  const name = (v) => v.label ? v.label + ' (' + v.value + ')' : v.value;

  function render(t) {
    const box = $('crosstab-table');
    const small = '<' + t.min_cell;
    const title = t.columns.name + ' by ' + t.rows.name + (t.rows.kind === 'contact_field' ? ' (contact field)' : '')
      + ', ' + t.period.from + ' to ' + t.period.to + ' (' + t.period.channel + ')';
    const table = el('table', { id: 'crosstab-grid', 'data-rows': t.rows.name, 'data-columns': t.columns.name },
      el('caption', {}, title));
    const head = el('tr', {}, el('th', { scope: 'col' }, t.rows.name));
    for (const v of t.columns.values) head.append(el('th', { scope: 'col' }, name(v)));
    head.append(el('th', { scope: 'col' }, 'n'));
    table.append(el('thead', {}, head));
    const body = el('tbody');
    for (const r of t.table) {
      const tr = el('tr', { 'data-row': r.value }, el('th', { scope: 'row' }, name(r)));
      for (const c of r.cells) {
        if (c.suppressed) {
          tr.append(el('td', { class: 'suppressed', 'data-column': c.value, title: 'fewer than ' + t.min_cell
            + ' participants, or hidden so that such a cell cannot be worked out' }, small));
        } else {
          tr.append(el('td', { 'data-column': c.value }, fmt(c.count)
            + (c.row_percent === null ? '' : ' (' + c.row_percent + '%)')));
        }
      }
      tr.append(el('td', { class: r.n_suppressed ? 'n suppressed' : 'n' }, r.n_suppressed ? small : fmt(r.n)));
      body.append(tr);
    }
    const all = el('tr', {}, el('th', { scope: 'row' }, 'All'));
    for (let i = 0; i < t.columns.values.length; i++) all.append(el('td', {}, ''));
    all.append(el('td', { class: 'n' }, t.n_suppressed ? small : fmt(t.n)));
    body.append(all);
    table.append(body);
    const notes = [el('p', { class: 'muted' }, 'Each participant counts once, under their latest answer to each'
      + ' question in the period; cells show the count and the row percentage, n the participants in the row.'
      + (t.without_row_value ? ' ' + fmt(t.without_row_value) + ' participants with no ' + t.rows.name
        + ' are left out.' : ''))];
    notes.push(el('p', { id: 'crosstab-note', class: 'note' }, 'Small groups are hidden so that nobody can be'
      + ' re-identified: a cell of 1 to ' + (t.min_cell - 1) + ' participants shows "' + small + '", and so do as'
      + ' many other cells and row totals as it takes that no hidden cell can be worked out by subtraction'
      + ' (complementary suppression: a row or column with hidden cells hides at least two, counting together'
      + ' at least ' + t.min_cell + '). A row whose n is hidden shows no percentages.'
      + (t.suppressed ? ' Some cells in this table are hidden.' : ' Nothing in this table is hidden.')));
    box.replaceChildren(table, ...notes);
    box.dataset.n = t.n_suppressed ? '' : String(t.n);
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
      $('crosstab-error').textContent = 'The CSV could not be downloaded: ' + e.message;
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
