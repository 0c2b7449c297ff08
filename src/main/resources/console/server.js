// The server page: /-/health and small charts from /-/metrics (Prometheus text; both need no
// credentials, README "Operations endpoints"). Accounts, users and keys are on the Admin page (admin.js).
import { h, formatSize } from './ui.js';

/** name{labels} value → [{name, labels, value}] (comments and histograms' _bucket lines skipped). */
export function parseMetrics(text) {
  const out = [];
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})?\s+(\S+)/.exec(line);
    if (!m || m[1].endsWith('_bucket')) continue;
    const labels = {};
    for (const l of (m[2] || '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[l[1]] = l[2];
    out.push({ name: m[1], labels, value: Number(m[3]) });
  }
  return out;
}

function bars(title, id, entries, format = String) {
  const max = Math.max(1, ...entries.map(e => e[1]));
  return h('section', { class: 'card', id }, h('h2', {}, title),
    entries.length ? h('table', { class: 'bars' }, h('tbody', {}, entries.map(([label, v]) => h('tr', {},
      h('th', {}, label), h('td', {}, h('meter', { min: 0, max, value: v, 'aria-label': `${label}: ${format(v)}` })), h('td', { class: 'num' }, format(v))))))
      : h('p', { class: 'empty' }, 'Nothing counted yet.'));
}

export async function serverPage(main) {
  const box = h('div', { id: 'server' }, h('p', { class: 'muted' }, 'Loading…'));
  const refresh = h('button', { type: 'button', id: 'server-refresh' }, 'Refresh');
  main.replaceChildren(h('h1', {}, 'Server'), h('p', { class: 'muted' },
    'Health and counters since the server started, from /-/health and /-/metrics. Accounts, users and keys are '
    + 'on the Admin page.'), refresh, box);
  const load = async () => {
    const [health, metrics] = await Promise.all([fetch('/-/health', { cache: 'no-store' }), fetch('/-/metrics', { cache: 'no-store' })]);
    const all = parseMetrics(await metrics.text());
    const sum = (name, pick) => {
      const m = new Map();
      for (const x of all) if (x.name === name) m.set(pick(x), (m.get(pick(x)) || 0) + x.value);
      return [...m.entries()].sort((a, b) => b[1] - a[1]);
    };
    const one = name => all.find(x => x.name === name)?.value;
    const ops = sum('cosd_requests_total', x => x.labels.operation).slice(0, 12);
    const statuses = sum('cosd_requests_total', x => x.labels.status);
    box.replaceChildren(
      h('section', { class: 'card', id: 'health' }, h('h2', {}, 'Health'),
        h('p', { class: health.ok ? 'allowed' : 'denied' }, h('strong', {}, health.ok ? 'ok' : `unhealthy (${health.status})`)),
        h('table', { class: 'details' }, h('tbody', {},
          [['Open connections', one('cosd_connections_open')], ['Free disk', one('cosd_disk_free_bytes') != null ? formatSize(one('cosd_disk_free_bytes')) : null],
            ['Requests', statuses.reduce((a, e) => a + e[1], 0)]]
            .filter(([, v]) => v != null).map(([k, v]) => h('tr', {}, h('th', {}, k), h('td', {}, String(v))))))),
      bars('Requests by operation', 'chart-operations', ops),
      bars('Requests by status', 'chart-statuses', statuses));
  };
  refresh.addEventListener('click', () => load().catch(e => box.replaceChildren(h('p', { class: 'error' }, String(e)))));
  await load();
}
