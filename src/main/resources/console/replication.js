// Replication editor (docs/replication.md): Role and rules (ID, Status, Prefix, Destination bucket
// and storage class), and the live status of the objects the rules cover, read from each object's
// x-cos-replication-status (HEAD Object), refreshed while any is PENDING.
import * as api from './cos.js';
import { h, busy } from './ui.js';
import { unknownElements } from './editors.js';

const SCHEMA = { Role: {}, Rule: { many: true, children: {
  ID: {}, Status: {}, Prefix: {}, Destination: { children: { Bucket: {}, StorageClass: {} } },
  DeleteMarkerReplication: { children: { Status: {} } } } } };
const at = (el, ...path) => path.reduce((e, n) => (e ? api.children(e, n)[0] : null), el)?.textContent ?? '';
const lines = s => s.split('\n').map(x => x.trim()).filter(Boolean);

export const replication = {
  sub: 'replication', title: 'Replication', deletable: true,
  help: 'Copy new versions to a bucket in another region, or this one (docs/replication.md). Both buckets need versioning. '
    + 'A destination is qcs::cos:<region>::<bucket>; the Role names the account, qcs::cam::uin/<uin>:uin/<uin>.',
  empty: () => ({ role: '', rules: [] }),
  extra: m => m.extra || [],
  parse: doc => ({
    extra: unknownElements(doc.documentElement, SCHEMA),
    role: at(doc.documentElement, 'Role'),
    rules: api.children(doc.documentElement, 'Rule').map(r => ({
      id: at(r, 'ID'), status: at(r, 'Status') || 'Enabled', prefix: at(r, 'Prefix'),
      bucket: at(r, 'Destination', 'Bucket'), storageClass: at(r, 'Destination', 'StorageClass'),
      markers: at(r, 'DeleteMarkerReplication', 'Status'),
    })),
  }),
  serialize: m => '<ReplicationConfiguration>' + api.el('Role', m.role) + m.rules.map(r => api.el('Rule', [
    api.el('Status', r.status), api.el('ID', r.id), `<Prefix>${api.esc(r.prefix)}</Prefix>`,
    api.el('Destination', [api.el('Bucket', r.bucket), api.el('StorageClass', r.storageClass)]),
    r.markers ? api.el('DeleteMarkerReplication', [api.el('Status', r.markers)]) : '',
  ])).join('') + '</ReplicationConfiguration>',
  form(m) {
    const role = h('input', { name: 'role', id: 'replication-role', dataset: { element: 'Role' }, value: m.role, size: 50 });
    if (!m.role) api.ownerId().then(id => { if (id && !role.value) role.value = id; });
    const list = h('div', { class: 'rules' });
    const add = r => {
      const n = list.children.length + 1;
      const fs = h('fieldset', { class: 'rule' }, h('legend', {}, `Rule ${n}`),
        h('label', {}, 'ID', h('input', { name: 'id', dataset: { element: 'ID' }, value: r.id })),
        h('label', {}, 'Status', h('select', { name: 'status', dataset: { element: 'Status' } },
          ['Enabled', 'Disabled'].map(v => h('option', { value: v, selected: r.status === v }, v)))),
        h('label', {}, 'Key prefix (empty: every object)', h('input', { name: 'prefix', dataset: { element: 'Prefix' }, value: r.prefix })),
        h('label', {}, 'Destination bucket', h('input', { name: 'bucket', dataset: { element: 'Bucket' }, value: r.bucket, placeholder: 'qcs::cos:<region>::<bucket>' })),
        h('label', {}, 'Storage class (empty: the source\u2019s)', h('input', { name: 'storageClass', dataset: { element: 'StorageClass' }, value: r.storageClass })),
        h('label', {}, 'Replicate delete markers', h('select', { name: 'markers', dataset: { element: 'DeleteMarkerReplication' } },
          [['', '(not set)'], ['Enabled', 'Enabled'], ['Disabled', 'Disabled']].map(([v, l]) => h('option', { value: v, selected: r.markers === v }, l)))),
        h('button', { type: 'button', class: 'danger small', onclick: () => fs.remove() }, `Remove rule ${n}`));
      list.append(fs);
    };
    m.rules.forEach(add);
    const el = h('div', {}, h('label', { for: 'replication-role' }, 'Role '), role, list,
      h('button', { type: 'button', id: 'replication-add-rule', onclick: () => add({ id: '', status: 'Enabled', prefix: '', bucket: '', storageClass: '', markers: '' }) }, 'Add rule'));
    const v = (fs, name) => fs.querySelector(`[name=${name}]`).value.trim();
    const value = () => ({ role: role.value.trim(), rules: Array.from(list.children).map(fs => ({
      id: v(fs, 'id'), status: v(fs, 'status'), prefix: v(fs, 'prefix'), bucket: v(fs, 'bucket'), storageClass: v(fs, 'storageClass'), markers: v(fs, 'markers') })) });
    return { el, value };
  },
  after: (box, bucket) => box.append(liveStatus(bucket)),
};

/** The replication status of the first objects under the saved rules' prefixes. */
function liveStatus(bucket) {
  const out = h('div', { id: 'replication-status', 'aria-live': 'polite' });
  const refresh = h('button', { type: 'button', id: 'replication-refresh' }, 'Refresh');
  let timer = null;
  const load = () => busy(refresh, async () => {
    clearTimeout(timer);
    if (!out.isConnected && timer) return; // the page was left
    const xml = await api.getConfig(bucket, 'replication');
    if (xml == null) { out.replaceChildren(h('p', { class: 'empty' }, 'No replication rules saved.')); return; }
    const doc = api.parseXml(xml);
    const prefixes = [...new Set(api.children(doc.documentElement, 'Rule').map(r => at(r, 'Prefix') || at(r, 'Filter', 'Prefix')))];
    const keys = [...new Set((await Promise.all(prefixes.map(p => api.listKeys(bucket, p, 20)))).flat())].slice(0, 50);
    const rows = await Promise.all(keys.map(async k => [k, (await api.head(bucket, k)).get('x-cos-replication-status') || '(not replicated)']));
    out.replaceChildren(rows.length
      ? h('table', {}, h('thead', {}, h('tr', {}, h('th', {}, 'Object'), h('th', {}, 'Replication status'))),
        h('tbody', {}, rows.map(([k, s]) => h('tr', { dataset: { key: k } }, h('td', {}, k), h('td', { class: `rep-${s.toLowerCase()}` }, s)))))
      : h('p', { class: 'empty' }, 'No objects under the rules\u2019 prefixes yet.'));
    if (rows.some(([, s]) => s === 'PENDING')) timer = setTimeout(load, 2000);
  });
  refresh.addEventListener('click', load);
  setTimeout(load, 0);
  return h('section', { class: 'card', 'aria-label': 'Replication status' }, h('h2', {}, 'Status'),
    h('p', { class: 'muted' }, 'Each object\u2019s replication status (PENDING, COMPLETED, FAILED), refreshed every 2 seconds while any is pending.'),
    refresh, out);
}
