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
    form));
  area.focus();
}
