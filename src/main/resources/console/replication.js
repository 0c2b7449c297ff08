// Replication editor (docs/replication.md): Role and rules (ID, Status, Prefix, Destination bucket
// and storage class), and the live status of the objects the rules cover, read from each object's
// x-cos-replication-status (HEAD Object), refreshed while any is PENDING; and the bucket's queue from
// GET /-/admin/replication/status (pending, failed with last errors, lag, throughput) with Resync
// (POST /-/admin/replication/resync), the bucket owner's root only (docs/security.md ADM-7).
import * as api from './cos.js';
import { h, busy, say } from './ui.js';
import { unknownElements } from './editors.js';

const SCHEMA = { Role: {}, Rule: { many: true, children: {
  ID: {}, Status: {}, Prefix: {}, Filter: { children: { Prefix: {} } }, Priority: {},
  Destination: { children: { Bucket: {}, StorageClass: {} } },
  DeleteMarkerReplication: { children: { Status: {} } } } } };
const at = (el, ...path) => path.reduce((e, n) => (e ? api.children(e, n)[0] : null), el)?.textContent ?? '';

/**
 * One rule in the shape it came in (docs/replication.md "The shape that was put"): 'cos' is the COS
 * (S3 V1) rule with <Prefix> in it; 's3v2' has <Filter> (a prefix or nothing), an optional <Priority>
 * and, required with a Filter, <DeleteMarkerReplication> (REP-V12). Both serialize in their SDK's order.
 */
function ruleXml(r) {
  const dest = api.el('Destination', [api.el('Bucket', r.bucket), api.el('StorageClass', r.storageClass)]);
  const markers = r.markers ? api.el('DeleteMarkerReplication', [api.el('Status', r.markers)]) : '';
  if (r.shape === 's3v2') {
    return api.el('Rule', [api.el('ID', r.id), api.el('Priority', r.priority),
      r.prefix ? `<Filter><Prefix>${api.esc(r.prefix)}</Prefix></Filter>` : '<Filter></Filter>', api.el('Status', r.status), dest, markers]);
  }
  return api.el('Rule', [api.el('Status', r.status), api.el('ID', r.id), `<Prefix>${api.esc(r.prefix)}</Prefix>`, dest, markers]);
}

export const replication = {
  sub: 'replication', title: 'Replication', deletable: true,
  help: 'Copy new versions to a bucket in another region, or this one (docs/replication.md). Both buckets need versioning. '
    + 'A destination is qcs::cos:<region>::<bucket>; the Role names the account, qcs::cam::uin/<uin>:uin/<uin>. '
    + 'A rule is in the COS shape (Prefix) or the S3 V2 one (Filter, Priority; delete-marker replication must then be set).',
  empty: () => ({ role: '', rules: [] }),
  extra: m => m.extra || [],
  parse: doc => ({
    extra: unknownElements(doc.documentElement, SCHEMA),
    role: at(doc.documentElement, 'Role'),
    rules: api.children(doc.documentElement, 'Rule').map(r => ({
      id: at(r, 'ID'), status: at(r, 'Status') || 'Enabled', prefix: at(r, 'Prefix') || at(r, 'Filter', 'Prefix'),
      shape: api.children(r, 'Filter').length || api.children(r, 'Priority').length ? 's3v2' : 'cos', priority: at(r, 'Priority'),
      bucket: at(r, 'Destination', 'Bucket'), storageClass: at(r, 'Destination', 'StorageClass'),
      markers: at(r, 'DeleteMarkerReplication', 'Status'),
    })),
  }),
  serialize: m => '<ReplicationConfiguration>' + api.el('Role', m.role) + m.rules.map(ruleXml).join('') + '</ReplicationConfiguration>',
  form(m) {
    const role = h('input', { name: 'role', id: 'replication-role', dataset: { element: 'Role' }, value: m.role, size: 50 });
    if (!m.role) api.ownerId().then(id => { if (id && !role.value) role.value = id; });
    const list = h('div', { class: 'rules' });
    const add = r => {
      const n = list.children.length + 1;
      const priority = h('label', { hidden: r.shape !== 's3v2' }, 'Priority (S3 V2; a higher number wins)',
        h('input', { type: 'number', min: 0, name: 'priority', dataset: { element: 'Priority' }, value: r.priority }));
      const shape = h('select', { name: 'shape', onchange: () => { priority.hidden = shape.value !== 's3v2'; } },
        [['cos', 'COS (Prefix)'], ['s3v2', 'S3 V2 (Filter, Priority)']].map(([v, l]) => h('option', { value: v, selected: r.shape === v }, l)));
      const fs = h('fieldset', { class: 'rule' }, h('legend', {}, `Rule ${n}`),
        h('label', {}, 'ID', h('input', { name: 'id', dataset: { element: 'ID' }, value: r.id })),
        h('label', {}, 'Status', h('select', { name: 'status', dataset: { element: 'Status' } },
          ['Enabled', 'Disabled'].map(v => h('option', { value: v, selected: r.status === v }, v)))),
        h('label', {}, 'Rule shape', shape),
        h('label', {}, 'Key prefix (empty: every object)', h('input', { name: 'prefix', dataset: { element: 'Prefix' }, value: r.prefix })),
        priority,
        h('label', {}, 'Destination bucket', h('input', { name: 'bucket', dataset: { element: 'Bucket' }, value: r.bucket, placeholder: 'qcs::cos:<region>::<bucket>' })),
        h('label', {}, 'Storage class (empty: the source\u2019s)', h('input', { name: 'storageClass', dataset: { element: 'StorageClass' }, value: r.storageClass })),
        h('label', {}, 'Replicate delete markers', h('select', { name: 'markers', dataset: { element: 'DeleteMarkerReplication' } },
          [['', '(not set)'], ['Enabled', 'Enabled'], ['Disabled', 'Disabled']].map(([v, l]) => h('option', { value: v, selected: r.markers === v }, l)))),
        h('button', { type: 'button', class: 'danger small', onclick: () => fs.remove() }, `Remove rule ${n}`));
      list.append(fs);
    };
    m.rules.forEach(add);
    const el = h('div', {}, h('label', { for: 'replication-role' }, 'Role '), role, list,
      h('button', { type: 'button', id: 'replication-add-rule', onclick: () => add({ id: '', status: 'Enabled', shape: 'cos', prefix: '', priority: '',
        bucket: '', storageClass: '', markers: '' }) }, 'Add rule'));
    const v = (fs, name) => fs.querySelector(`[name=${name}]`).value.trim();
    const value = () => ({ role: role.value.trim(), rules: Array.from(list.children).map(fs => ({
      id: v(fs, 'id'), status: v(fs, 'status'), shape: v(fs, 'shape'), prefix: v(fs, 'prefix'),
      priority: v(fs, 'shape') === 's3v2' ? v(fs, 'priority') : '', bucket: v(fs, 'bucket'), storageClass: v(fs, 'storageClass'),
      markers: v(fs, 'markers') })) });
    return { el, value };
  },
  after: (box, bucket) => box.append(queueStatus(bucket), liveStatus(bucket)),
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

/** The bucket's replication queue as the server counts it, refreshed every 2 s while anything is pending, and Resync. */
function queueStatus(bucket) {
  const out = h('div', { id: 'replication-queue', 'aria-live': 'polite' });
  const refresh = h('button', { type: 'button', id: 'replication-queue-refresh' }, 'Refresh');
  const existing = h('input', { type: 'checkbox', id: 'resync-existing' });
  const resync = h('button', { type: 'button', id: 'replication-resync' }, 'Resync');
  let timer = null;
  const load = () => busy(refresh, async () => {
    clearTimeout(timer);
    if (!out.isConnected && timer) return; // the page was left
    let s;
    try {
      s = await api.adminJson('GET', 'replication/status', { bucket });
    } catch (e) {
      out.replaceChildren(h('p', { class: 'error', id: 'replication-queue-refused' }, `${e.code}: ${e.message}`));
      if (e.code !== 'AccessDenied') throw e;
      return;
    }
    const stat = (id, label, value) => h('div', {}, h('dt', {}, label), h('dd', { id }, value));
    out.replaceChildren(h('dl', { class: 'stats' },
      stat('rep-pending', 'Pending', String(s.pending)), stat('rep-failed', 'Failed', String(s.failed)),
      stat('rep-lag', 'Lag (oldest pending)', `${s.lagSeconds.toFixed(1)} s`),
      stat('rep-done', 'Completed in the last minute', `${s.completedLastMinute} (${s.throughputPerSecond.toFixed(2)}/s)`)),
      s.problems.length ? h('table', { id: 'replication-problems' }, h('thead', {}, h('tr', {},
        ['State', 'Key', 'Version', 'Destination', 'Attempts', 'Last error'].map(t => h('th', {}, t)))),
        h('tbody', {}, s.problems.map(p => h('tr', { dataset: { key: p.key } }, h('td', {}, p.state), h('td', {}, p.key),
          h('td', { class: 'mono' }, p.versionId), h('td', {}, p.destination), h('td', { class: 'num' }, String(p.attempts)),
          h('td', {}, p.lastError || ''))))) : h('p', { class: 'muted' }, 'No failed or retrying versions.'));
    out.dataset.pending = String(s.pending);
    if (s.pending > 0) timer = setTimeout(load, 2000);
  });
  refresh.addEventListener('click', load);
  resync.addEventListener('click', () => busy(resync, async () => {
    const params = { bucket };
    if (existing.checked) params.existing = 'true';
    const r = await api.adminJson('POST', 'replication/resync', params);
    say(`Resync: ${r.requeuedFailed} failed version(s) requeued` + (existing.checked ? `, ${r.queuedExisting} existing queued.` : '.'), 'ok');
    await load();
  }));
  setTimeout(load, 0);
  return h('section', { class: 'card', 'aria-label': 'Replication queue' }, h('h2', {}, 'Queue'),
    h('p', { class: 'muted' }, 'What the server still has to copy for this bucket, what failed and why. Resync requeues failed '
      + 'versions; with “existing” also every version under an enabled rule that was never replicated.'),
    refresh, ' ', h('label', { class: 'check' }, existing, ' existing objects too'), ' ', resync, out);
}
