// Lifecycle editor (docs/lifecycle.md) and the dry-run preview of the saved rules.
import * as api from './cos.js';
import { h, busy } from './ui.js';
import { unknownElements, lines } from './editors.js';

const TAG = { many: true, children: { Key: {}, Value: {} } };
const SIZES = { ObjectSizeGreaterThan: {}, ObjectSizeLessThan: {} };
const LC_SCHEMA = { Rule: { many: true, children: {
  ID: {}, Status: {}, Prefix: {},
  Filter: { children: { Prefix: {}, Tag: TAG, ...SIZES, And: { children: { Prefix: {}, Tag: TAG, ...SIZES } } } },
  Transition: { children: { Days: {}, StorageClass: {} } },
  Expiration: { children: { Days: {} } },
  NoncurrentVersionExpiration: { children: { NoncurrentDays: {} } },
  AbortIncompleteMultipartUpload: { children: { DaysAfterInitiation: {} } } } } };
const CLASSES = ['STANDARD_IA', 'ARCHIVE', 'DEEP_ARCHIVE', 'INTELLIGENT_TIERING', 'MAZ_STANDARD_IA'];
const at = (el, ...path) => path.reduce((e, n) => (e ? api.children(e, n)[0] : null), el)?.textContent ?? '';
const tagsOf = el => (el ? api.children(el, 'Tag').map(t => ({ key: at(t, 'Key'), value: at(t, 'Value') })) : []);

/**
 * A rule's filter as the form shows it (prefix, tags, size bounds) and the shape it came in, kept on
 * save: 'prefix' (<Prefix> in the rule, the older form), 'filter' (<Filter/>), 'filter-prefix',
 * 'tag' (tags directly under <Filter>, as cosd echoes a tag-only filter), 'size' (one bound directly
 * under <Filter>) or 'and' (<Filter><And>…</And></Filter>, docs/lifecycle.md LC-V15).
 */
function parseFilter(r) {
  const f = api.children(r, 'Filter')[0];
  if (!f) return { shape: api.children(r, 'Prefix').length ? 'prefix' : 'filter-prefix', prefix: at(r, 'Prefix'), tags: [], gt: '', lt: '' };
  const and = api.children(f, 'And')[0];
  const g = and || f;
  const shape = and ? 'and' : api.children(f, 'Tag').length ? 'tag'
    : api.children(f, 'ObjectSizeGreaterThan').length + api.children(f, 'ObjectSizeLessThan').length ? 'size'
      : api.children(f, 'Prefix').length ? 'filter-prefix' : 'filter';
  return { shape, prefix: at(g, 'Prefix'), tags: tagsOf(g), gt: at(g, 'ObjectSizeGreaterThan'), lt: at(g, 'ObjectSizeLessThan') };
}

/** The <Filter> (or rule-level <Prefix>) for a rule: several conditions go in <And>, as S3 and COS require (LC-V15). */
function filterXml(r) {
  const tags = r.tags.map(t => `<Tag>${api.el('Key', t.key)}<Value>${api.esc(t.value)}</Value></Tag>`).join('');
  const sizes = api.el('ObjectSizeGreaterThan', r.gt) + api.el('ObjectSizeLessThan', r.lt);
  const bounds = (r.gt !== '' ? 1 : 0) + (r.lt !== '' ? 1 : 0);
  if (r.tags.length || bounds) {
    if (r.shape !== 'and' && !r.prefix && !bounds && (r.tags.length === 1 || r.shape === 'tag')) return `<Filter>${tags}</Filter>`;
    if (r.shape !== 'and' && !r.prefix && !r.tags.length && bounds === 1) return `<Filter>${sizes}</Filter>`;
    return `<Filter><And>${api.el('Prefix', r.prefix)}${tags}${sizes}</And></Filter>`;
  }
  if (r.shape === 'prefix') return `<Prefix>${api.esc(r.prefix)}</Prefix>`;
  if (r.shape === 'filter' && !r.prefix) return '<Filter></Filter>';
  return `<Filter><Prefix>${api.esc(r.prefix)}</Prefix></Filter>`;
}

/** "key=value" lines (the first = splits; a value may be empty). */
const tagLines = text => lines(text).map(l => (l.includes('=') ? { key: l.slice(0, l.indexOf('=')), value: l.slice(l.indexOf('=') + 1) } : { key: l, value: '' }));

export const lifecycle = {
  sub: 'lifecycle', title: 'Lifecycle', deletable: true,
  help: 'Rules that expire objects, move them to colder storage classes, remove noncurrent versions and abort '
    + 'forgotten multipart uploads after a number of days (docs/lifecycle.md). A rule applies to the objects that match '
    + 'every condition it has: key prefix, tags and size bounds. Days count from Beijing midnights, as on COS.',
  empty: () => ({ rules: [] }),
  extra: m => m.extra || [],
  parse: doc => ({
    extra: unknownElements(doc.documentElement, LC_SCHEMA),
    rules: api.children(doc.documentElement, 'Rule').map(r => ({
      id: at(r, 'ID'), status: at(r, 'Status') || 'Enabled', ...parseFilter(r),
      transitionDays: at(r, 'Transition', 'Days'), transitionClass: at(r, 'Transition', 'StorageClass'),
      expirationDays: at(r, 'Expiration', 'Days'), noncurrentDays: at(r, 'NoncurrentVersionExpiration', 'NoncurrentDays'),
      abortDays: at(r, 'AbortIncompleteMultipartUpload', 'DaysAfterInitiation'),
    })),
  }),
  // Element order as the COS SDKs write a rule: ID, Filter, Status, Transition, Expiration, …
  serialize: m => '<LifecycleConfiguration>' + m.rules.map(r => api.el('Rule', [
    api.el('ID', r.id),
    filterXml(r),
    api.el('Status', r.status),
    r.transitionDays !== '' || r.transitionClass ? api.el('Transition', [api.el('Days', r.transitionDays), api.el('StorageClass', r.transitionClass)]) : '',
    r.expirationDays !== '' ? api.el('Expiration', [api.el('Days', r.expirationDays)]) : '',
    r.noncurrentDays !== '' ? api.el('NoncurrentVersionExpiration', [api.el('NoncurrentDays', r.noncurrentDays)]) : '',
    r.abortDays !== '' ? api.el('AbortIncompleteMultipartUpload', [api.el('DaysAfterInitiation', r.abortDays)]) : '',
  ])).join('') + '</LifecycleConfiguration>',
  form(m) {
    const list = h('div', { class: 'rules' });
    const num = (label, name, element, value) => h('label', {}, label,
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
        h('label', {}, 'Only objects with all these tags (key=value, one per line)',
          h('textarea', { rows: 2, name: 'tags', dataset: { element: 'Tag' }, value: r.tags.map(t => `${t.key}=${t.value}`).join('\n') })),
        num('Only objects larger than (bytes)', 'gt', 'ObjectSizeGreaterThan', r.gt),
        num('Only objects smaller than (bytes)', 'lt', 'ObjectSizeLessThan', r.lt),
        num('Expire current versions after (days)', 'expirationDays', 'Expiration', r.expirationDays),
        num('Transition after (days)', 'transitionDays', 'Transition', r.transitionDays),
        h('label', {}, 'Transition to', cls),
        num('Remove noncurrent versions after (days)', 'noncurrentDays', 'NoncurrentVersionExpiration', r.noncurrentDays),
        num('Abort incomplete multipart uploads after (days; not with tags)', 'abortDays', 'AbortIncompleteMultipartUpload', r.abortDays),
        h('button', { type: 'button', class: 'danger small', onclick: () => fs.remove() }, `Remove rule ${n}`));
      fs.shape = r.shape;
      list.append(fs);
    };
    m.rules.forEach(add);
    const el = h('div', {}, list, h('button', { type: 'button', id: 'lifecycle-add-rule', onclick: () => add({ shape: 'filter-prefix',
      id: '', status: 'Enabled', prefix: '', tags: [], gt: '', lt: '', transitionDays: '', transitionClass: '', expirationDays: '',
      noncurrentDays: '', abortDays: '' }) }, 'Add rule'));
    const v = (fs, name) => fs.querySelector(`[name=${name}]`).value.trim();
    const value = () => ({ rules: Array.from(list.children).map(fs => ({
      shape: fs.shape, id: v(fs, 'id'), status: v(fs, 'status'), prefix: v(fs, 'prefix'), tags: tagLines(fs.querySelector('[name=tags]').value),
      gt: v(fs, 'gt'), lt: v(fs, 'lt'), transitionDays: v(fs, 'transitionDays'),
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

