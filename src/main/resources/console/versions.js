// The versions view of a prefix: every version and delete marker, newest first per key
// (docs/versioning.md), with download and permanent delete of one version.
import * as api from './cos.js';
import { h, say, busy, formatSize, formatTime } from './ui.js';

export async function versionsTable(box, bucket, prefix, prefixLink) {
  const tbody = h('tbody');
  const more = h('button', { type: 'button', id: 'more-versions', hidden: true }, 'Load more');
  const page = async (next, reset) => {
    if (reset) tbody.replaceChildren();
    const r = await api.listVersions(bucket, prefix, next?.key, next?.version);
    for (const p of r.prefixes) {
      tbody.append(h('tr', {}, h('td', {}, prefixLink(p, p.slice(prefix.length))), h('td', { colspan: 5 }, 'folder')));
    }
    for (const v of r.versions) tbody.append(row(v));
    more.hidden = !r.next;
    more.onclick = () => busy(more, () => page(r.next, false));
    if (!tbody.children.length) box.replaceChildren(h('p', { class: 'empty' }, 'No versions under this prefix.'));
    else box.replaceChildren(h('table', { id: 'versions' }, h('thead', {}, h('tr', {},
      ['Name', 'Version', 'Kind', 'Size', 'Last modified'].map(x => h('th', {}, x)), h('th', {}, h('span', { class: 'sr' }, 'Actions')))), tbody), more);
  };
  const row = v => {
    const label = `${v.key} version ${v.versionId}`;
    const download = ev => busy(ev.currentTarget, async () => {
      const name = v.key.split('/').pop().replace(/"/g, '');
      const url = await api.presign('GET', bucket, v.key, 300,
        { 'response-content-disposition': `attachment; filename="${name}"`, versionId: v.versionId });
      const a = h('a', { href: url, download: name, hidden: true });
      document.body.append(a);
      a.click();
      a.remove();
    });
    const del = ev => busy(ev.currentTarget, async () => {
      if (!confirm(`Delete ${label} permanently?`)) return;
      await api.deleteVersion(bucket, v.key, v.versionId);
      say(`${label} deleted permanently.`, 'ok');
      await page(null, true);
    });
    return h('tr', { dataset: { key: v.key, version: v.versionId }, class: v.deleteMarker ? 'marker' : null },
      h('td', {}, v.key.slice(prefix.length)), h('td', { class: 'mono' }, v.versionId),
      h('td', {}, (v.deleteMarker ? 'delete marker' : 'version') + (v.latest ? ' (latest)' : '')),
      h('td', {}, v.deleteMarker ? '' : formatSize(v.size)), h('td', {}, formatTime(v.modified)),
      h('td', { class: 'row-actions' },
        v.deleteMarker ? null : h('button', { type: 'button', class: 'small', 'aria-label': `Download ${label}`, onclick: download }, 'Download'),
        h('button', { type: 'button', class: 'small danger', 'aria-label': `Delete ${label}`, onclick: del }, 'Delete')));
  };
  await page(null, true);
}
