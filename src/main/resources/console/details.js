// One object's details: what HEAD Object says (type, size, ETag, class, user metadata x-cos-meta-*)
// and its tags (GET/PUT/DELETE ?tagging), editable as key=value lines.
import * as api from './cos.js';
import { h, say, busy, formatSize, formatTime } from './ui.js';

export async function objectDetails(panel, bucket, key) {
  const headers = await api.head(bucket, key);
  const rows = [['Content-Type', headers.get('Content-Type')], ['Size', formatSize(Number(headers.get('Content-Length')))],
    ['ETag', headers.get('ETag')], ['Last modified', formatTime(headers.get('Last-Modified'))],
    ['Storage class', headers.get('x-cos-storage-class') || 'STANDARD'], ['Version', headers.get('x-cos-version-id')]];
  for (const [k, v] of headers) if (k.startsWith('x-cos-meta-')) rows.push([k, v]);
  const tagsXml = (await api.call('GET', bucket, key, { params: { tagging: '' } })).text;
  const tags = Array.from(api.parseXml(tagsXml).getElementsByTagName('Tag'))
    .map(t => `${api.childText(t, 'Key')}=${api.childText(t, 'Value') ?? ''}`);
  const area = h('textarea', { id: 'tags', rows: 3, 'aria-describedby': 'tags-help', value: tags.join('\n') });
  const save = h('button', { type: 'submit', id: 'tags-save', class: 'primary' }, 'Save tags');
  const form = h('form', { 'aria-label': 'Tags' }, h('label', { for: 'tags' }, 'Tags'), area,
    h('p', { id: 'tags-help', class: 'muted' }, 'One key=value per line; at most 10. An empty list removes every tag.'), save);
  form.addEventListener('submit', ev => {
    ev.preventDefault();
    busy(save, async () => {
      const pairs = area.value.split('\n').map(l => l.trim()).filter(Boolean).map(l => {
        const i = l.indexOf('=');
        return i < 0 ? [l, ''] : [l.slice(0, i).trim(), l.slice(i + 1).trim()];
      });
      if (!pairs.length) await api.call('DELETE', bucket, key, { params: { tagging: '' } });
      else {
        const body = '<Tagging><TagSet>' + pairs.map(([k, v]) => api.el('Tag', [api.el('Key', k), `<Value>${api.esc(v)}</Value>`])).join('')
          + '</TagSet></Tagging>';
        await api.call('PUT', bucket, key, { params: { tagging: '' }, headers: { 'content-type': 'application/xml' }, body });
      }
      say(`Tags of ${key} saved.`, 'ok');
    });
  });
  panel.replaceChildren(h('section', { class: 'card', id: 'details', 'aria-label': `Details of ${key}` },
    h('h2', {}, key),
    h('table', { class: 'details' }, h('tbody', {}, rows.filter(([, v]) => v).map(([k, v]) => h('tr', {}, h('th', {}, k), h('td', {}, v))))),
    form, metadataForm(bucket, key, headers, () => objectDetails(panel, bucket, key))));
  area.focus();
}

/**
 * Content-Type and user metadata, replaced by copying the object onto itself (PUT with
 * x-cos-copy-source and x-cos-metadata-directive: Replaced, as the COS SDKs change metadata); tags
 * are kept. In a versioned bucket this makes a new version.
 */
function metadataForm(bucket, key, headers, reload) {
  const type = h('input', { id: 'meta-type', value: headers.get('Content-Type') || '', size: 40 });
  const meta = [];
  for (const [k, v] of headers) if (k.startsWith('x-cos-meta-')) meta.push(`${k.slice(11)}=${v}`);
  const area = h('textarea', { id: 'meta-user', rows: 3, value: meta.join('\n'), 'aria-describedby': 'meta-help' });
  const save = h('button', { type: 'submit', id: 'meta-save' }, 'Save metadata');
  const f = h('form', { 'aria-label': 'Metadata' }, h('h3', {}, 'Metadata'),
    h('label', { for: 'meta-type' }, 'Content-Type'), type,
    h('label', { for: 'meta-user' }, 'User metadata (x-cos-meta-*)'), area,
    h('p', { id: 'meta-help', class: 'muted' }, 'One name=value per line. Saving copies the object onto itself with the new '
      + 'metadata (tags are kept); in a versioned bucket that is a new version.'), save);
  f.addEventListener('submit', ev => {
    ev.preventDefault();
    busy(save, async () => {
      const hs = { 'x-cos-copy-source': `/${bucket}/${key.split('/').map(api.enc).join('/')}`, 'x-cos-metadata-directive': 'Replaced' };
      if (type.value.trim()) hs['content-type'] = type.value.trim();
      for (const line of area.value.split('\n').map(l => l.trim()).filter(Boolean)) {
        const i = line.indexOf('=');
        hs[`x-cos-meta-${(i < 0 ? line : line.slice(0, i)).trim().toLowerCase()}`] = i < 0 ? '' : line.slice(i + 1).trim();
      }
      await api.call('PUT', bucket, key, { headers: hs });
      say(`Metadata of ${key} saved.`, 'ok');
      await reload();
    });
  });
  return f;
}
