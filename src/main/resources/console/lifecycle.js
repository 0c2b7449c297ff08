// Lifecycle editor (docs/lifecycle.md) and the dry-run preview of the saved rules.
import * as api from './cos.js';
import { h, busy } from './ui.js';
import { unknownElements } from './editors.js';

const LC_SCHEMA = { Rule: { many: true, children: {
  ID: {}, Status: {}, Filter: { children: { Prefix: {} } }, Prefix: {},
  Transition: { children: { Days: {}, StorageClass: {} } },
  Expiration: { children: { Days: {} } },
  NoncurrentVersionExpiration: { children: { NoncurrentDays: {} } },
  AbortIncompleteMultipartUpload: { children: { DaysAfterInitiation: {} } } } } };
const CLASSES = ['STANDARD_IA', 'ARCHIVE', 'DEEP_ARCHIVE', 'INTELLIGENT_TIERING', 'MAZ_STANDARD_IA'];
const at = (el, ...path) => path.reduce((e, n) => (e ? api.children(e, n)[0] : null), el)?.textContent ?? '';

export const lifecycle = {
  sub: 'lifecycle', title: 'Lifecycle', deletable: true,
  help: 'Rules that expire objects, move them to colder storage classes, remove noncurrent versions and abort '
    + 'forgotten multipart uploads after a number of days (docs/lifecycle.md). Days count from Beijing midnights, as on COS.',
  empty: () => ({ rules: [] }),
  extra: m => m.extra || [],
  parse: doc => ({
    extra: unknownElements(doc.documentElement, LC_SCHEMA),
    rules: api.children(doc.documentElement, 'Rule').map(r => ({
      id: at(r, 'ID'), status: at(r, 'Status') || 'Enabled', prefix: at(r, 'Filter', 'Prefix') || at(r, 'Prefix'),
      // the shape it came in, kept on save: <Filter><Prefix/></Filter>, <Filter/>, or <Prefix> in the rule (the older form)
      shape: api.children(r, 'Filter').length ? (api.children(api.children(r, 'Filter')[0], 'Prefix').length ? 'filter-prefix' : 'filter')
        : api.children(r, 'Prefix').length ? 'prefix' : 'filter-prefix',
      transitionDays: at(r, 'Transition', 'Days'), transitionClass: at(r, 'Transition', 'StorageClass'),
      expirationDays: at(r, 'Expiration', 'Days'), noncurrentDays: at(r, 'NoncurrentVersionExpiration', 'NoncurrentDays'),
      abortDays: at(r, 'AbortIncompleteMultipartUpload', 'DaysAfterInitiation'),
    })),
  }),
  // Element order as the COS SDKs write a rule: ID, Filter, Status, Transition, Expiration, …
  serialize: m => '<LifecycleConfiguration>' + m.rules.map(r => api.el('Rule', [
    api.el('ID', r.id),
    r.shape === 'prefix' ? `<Prefix>${api.esc(r.prefix)}</Prefix>`
      : r.shape === 'filter' && !r.prefix ? '<Filter></Filter>' : `<Filter><Prefix>${api.esc(r.prefix)}</Prefix></Filter>`,
    api.el('Status', r.status),
    r.transitionDays !== '' || r.transitionClass ? api.el('Transition', [api.el('Days', r.transitionDays), api.el('StorageClass', r.transitionClass)]) : '',
    r.expirationDays !== '' ? api.el('Expiration', [api.el('Days', r.expirationDays)]) : '',
    r.noncurrentDays !== '' ? api.el('NoncurrentVersionExpiration', [api.el('NoncurrentDays', r.noncurrentDays)]) : '',
    r.abortDays !== '' ? api.el('AbortIncompleteMultipartUpload', [api.el('DaysAfterInitiation', r.abortDays)]) : '',
  ])).join('') + '</LifecycleConfiguration>',
  form(m) {
    const list = h('div', { class: 'rules' });
    const days = (label, name, element, value) => h('label', {}, label,
      h('input', { type: 'number', min: 0, name, dataset: { element }, value }));
    const add = r => {
      const n = list.children.length + 1;
      const cls = h('select', { name: 'transitionClass', dataset: { element: 'StorageClass' } },
        h('option', { value: '' }, '(none)'), CLASSES.map(c => h('option', { value: c, selected: r.transitionClass === c }, c)));
      const fs = h('fieldset', { class: 'rule' }, h('legend', {}, `Rule ${n}`),
        h('label', {}, 'ID', h('input', { name: 'id', dataset: { element: 'ID' }, value: r.id })),
        h('label', {}, 'Status', h('select', { name: 'status', dataset: { element: 'Status' } },
          ['Enabled', 'Disabled'].map(v => h('option', { value: v, selected: r.status === v }, v)))),
        h('label', {}, 'Key prefix (empty: every object)', h('input', { name: 'prefix', dataset: { element: 'Prefix' }, value: r.prefix })),
        days('Expire current versions after (days)', 'expirationDays', 'Expiration', r.expirationDays),
        days('Transition after (days)', 'transitionDays', 'Transition', r.transitionDays),
        h('label', {}, 'Transition to', cls),
        days('Remove noncurrent versions after (days)', 'noncurrentDays', 'NoncurrentVersionExpiration', r.noncurrentDays),
        days('Abort incomplete multipart uploads after (days)', 'abortDays', 'AbortIncompleteMultipartUpload', r.abortDays),
        h('button', { type: 'button', class: 'danger small', onclick: () => fs.remove() }, `Remove rule ${n}`));
      fs.shape = r.shape;
      list.append(fs);
    };
    m.rules.forEach(add);
    const el = h('div', {}, list, h('button', { type: 'button', id: 'lifecycle-add-rule', onclick: () => add({ shape: 'filter-prefix',
      id: '', status: 'Enabled', prefix: '', transitionDays: '', transitionClass: '', expirationDays: '', noncurrentDays: '', abortDays: '' }) }, 'Add rule'));
    const v = (fs, name) => fs.querySelector(`[name=${name}]`).value.trim();
    const value = () => ({ rules: Array.from(list.children).map(fs => ({
      shape: fs.shape, id: v(fs, 'id'), status: v(fs, 'status'), prefix: v(fs, 'prefix'), transitionDays: v(fs, 'transitionDays'),
      transitionClass: v(fs, 'transitionClass'), expirationDays: v(fs, 'expirationDays'), noncurrentDays: v(fs, 'noncurrentDays'),
      abortDays: v(fs, 'abortDays') })) });
    return { el, value };
  },
  after: (box, bucket) => box.append(lifecyclePreview(bucket)),
};

/** The dry run of the saved rules (GET /-/admin/lifecycle/preview, docs/lifecycle.md "Dry run"): nothing changes. */
function lifecyclePreview(bucket) {
  const when = h('input', { id: 'preview-at', value: '+30d', 'aria-describedby': 'preview-help', size: 22 });
  const run = h('button', { type: 'submit', id: 'preview-run' }, 'Preview');
  const out = h('div', { id: 'preview-result', 'aria-live': 'polite' });
  const f = h('form', { class: 'card', 'aria-label': 'Lifecycle preview' }, h('h2', {}, 'Preview'),
    h('p', { id: 'preview-help', class: 'muted' }, 'What a pass of the saved rules would do at that time: '
      + '+30d, 2026-12-01 or 2026-12-01T00:00:00Z. Nothing changes. Only the bucket owner\'s root key may ask.'),
    h('div', { class: 'inline' }, h('label', { for: 'preview-at' }, 'At'), when, run), out);
  f.addEventListener('submit', ev => {
    ev.preventDefault();
    busy(run, async () => {
      const r = JSON.parse((await api.call('GET', '-', 'admin/lifecycle/preview',
        { params: { bucket, at: when.value.trim(), 'max-items': '50' } })).text);
      const rows = [];
      for (const rule of r.rules) {
        for (const [action, t] of Object.entries(rule.totals)) {
          rows.push(h('tr', {}, h('td', {}, rule.ruleId), h('td', {}, action), h('td', {}, String(t.count)), h('td', {}, formatBytes(t.bytes))));
        }
      }
      const items = r.rules.flatMap(rule => rule.items.map(i => h('li', {},
        `${i.action}${i.target ? ' → ' + i.target : ''}: ${i.key}${i.versionId && i.versionId !== 'null' ? ` (version ${i.versionId})` : ''}${i.skipped ? ` — skipped: ${i.skipped}` : ''}`)));
      out.replaceChildren(h('p', {}, `At ${new Date(r.at).toLocaleString()}:`),
        rows.length ? h('table', {}, h('thead', {}, h('tr', {}, ['Rule', 'Action', 'Objects', 'Bytes'].map(x => h('th', {}, x)))), h('tbody', {}, rows))
          : h('p', { class: 'empty' }, 'Nothing would change at that time.'),
        items.length ? h('ul', { class: 'preview-items' }, items) : null,
        r.itemsTruncated ? h('p', { class: 'muted' }, 'Only the first 50 items are listed.') : null);
    });
  });
  return f;
}

function formatBytes(n) {
  return n < 1024 ? `${n} B` : n < 1048576 ? `${(n / 1024).toFixed(1)} KiB` : `${(n / 1048576).toFixed(1)} MiB`;
}

