// The console's client of cosd's own public API (COS dialect, path style on this origin): every
// request is signed here with q-sign; the SecretKey stays in sessionStorage and is never sent
// (docs/console.md "Security"). Nothing here needs an endpoint that the API and the /-/admin endpoints
// (docs/security.md ADM-1..ADM-8) do not have.
import { authorization, asQuery, enc } from './qsign.js';
import { contentMd5 } from './md5.js';
export { enc };

const STORE = 'cosd.console.credentials';
let skew = 0; // server clock minus ours, seconds, learnt from each response's Date header

export class ApiError extends Error {
  constructor(status, code, message, requestId) {
    super(message || code);
    this.status = status;
    this.code = code;
    this.requestId = requestId;
  }
}

export function credentials() {
  const s = sessionStorage.getItem(STORE);
  return s ? JSON.parse(s) : null;
}

export function signIn(secretId, secretKey) {
  sessionStorage.setItem(STORE, JSON.stringify({ secretId: secretId.trim(), secretKey: secretKey.trim() }));
}

export function signOut() {
  sessionStorage.removeItem(STORE);
}

const now = () => Math.floor(Date.now() / 1000) + skew;

/** The path on the wire: each key segment percent-encoded. */
function wirePath(bucket, key) {
  if (!bucket) return '/';
  return '/' + enc(bucket) + (key == null ? '' : '/' + key.split('/').map(enc).join('/'));
}

/** The path q-sign covers: the decoded one (docs/spec/protocol.md §2.1). */
function signedPath(bucket, key) {
  if (!bucket) return '/';
  return '/' + bucket + (key == null ? '' : '/' + key);
}

function query(params) {
  const q = Object.entries(params).map(([k, v]) => (v === '' ? enc(k) : `${enc(k)}=${enc(v)}`)).join('&');
  return q ? '?' + q : '';
}

/** URL and Authorization for one request; every parameter and the given headers (plus host) are signed. */
async function sign(method, bucket, key, params, headers, expires) {
  const cred = credentials();
  if (!cred) throw new ApiError(0, 'NotSignedIn', 'Sign in first.');
  const t = now();
  const signed = { host: location.host, ...headers };
  const auth = await authorization(cred, method, signedPath(bucket, key), params, signed, t - 60, t + expires);
  return { url: wirePath(bucket, key) + query(params), auth };
}

function learnClock(dateHeader) {
  const d = Date.parse(dateHeader || '');
  if (!Number.isNaN(d)) skew = Math.round((d - Date.now()) / 1000);
}

/** Codes for answers without a body (HEAD errors), derived from the status as the SDKs derive them. */
const BY_STATUS = { 403: 'AccessDenied', 404: 'NoSuchKey', 409: 'Conflict', 412: 'PreconditionFailed', 503: 'SlowDown' };

/** The error a response carries: the COS envelope's Code and Message (HEAD errors have no body). */
export function errorOf(status, body, requestId) {
  let code = BY_STATUS[status] || `HTTP ${status}`, message = '';
  if (body) {
    const doc = new DOMParser().parseFromString(body, 'application/xml');
    code = doc.querySelector('Error > Code')?.textContent || code;
    message = doc.querySelector('Error > Message')?.textContent || '';
  }
  return new ApiError(status, code, message, requestId);
}

/** A signed request; resolves to {status, headers, text} or throws ApiError. */
export async function call(method, bucket, key, { params = {}, headers = {}, body = null } = {}) {
  const { url, auth } = await sign(method, bucket, key, params, headers, 900);
  const r = await fetch(url, { method, headers: { ...headers, Authorization: auth }, body, cache: 'no-store' });
  learnClock(r.headers.get('Date'));
  const text = await r.text();
  if (!r.ok) throw errorOf(r.status, text, r.headers.get('x-cos-request-id'));
  return { status: r.status, headers: r.headers, text };
}

/** A presigned URL (q-sign in the query), absolute, valid for {@code expires} seconds. */
export async function presign(method, bucket, key, expires, params = {}) {
  const { url, auth } = await sign(method, bucket, key, params, {}, expires);
  return location.origin + url + (url.includes('?') ? '&' : '?') + asQuery(auth);
}

/** A signed PUT through XMLHttpRequest, which reports upload progress (fetch does not); resolves to the ETag. */
async function xhrPut(bucket, key, params, headers, body, onProgress) {
  const { url, auth } = await sign('PUT', bucket, key, params, headers, 3600);
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('PUT', url);
    for (const [k, v] of Object.entries(headers)) xhr.setRequestHeader(k, v);
    xhr.setRequestHeader('Authorization', auth);
    xhr.upload.onprogress = e => e.lengthComputable && onProgress(e.loaded, e.total);
    xhr.onload = () => {
      learnClock(xhr.getResponseHeader('Date'));
      if (xhr.status >= 200 && xhr.status < 300) resolve(xhr.getResponseHeader('ETag'));
      else reject(errorOf(xhr.status, xhr.responseText, xhr.getResponseHeader('x-cos-request-id')));
    };
    xhr.onerror = () => reject(new ApiError(0, 'NetworkError', 'The upload was cut off.'));
    xhr.send(body);
  });
}

/** PUT Object of a whole file. */
export function upload(bucket, key, file, onProgress) {
  return xhrPut(bucket, key, {}, { 'content-type': file.type || 'application/octet-stream' }, file, onProgress);
}

// Multipart upload (docs/spec/semantics.md; the COS SDKs' sequence): initiate, parts, complete.
export async function initiateMultipart(bucket, key, type) {
  const r = await call('POST', bucket, key, { params: { uploads: '' }, headers: { 'content-type': type || 'application/octet-stream' } });
  return parseXml(r.text).querySelector('UploadId').textContent;
}

export const uploadPart = (bucket, key, uploadId, n, blob, onProgress) =>
  xhrPut(bucket, key, { partNumber: String(n), uploadId }, {}, blob, onProgress);

/** The parts already uploaded: partNumber → {etag, size}. */
export async function listParts(bucket, key, uploadId) {
  const parts = new Map();
  let marker = '';
  for (;;) {
    const params = { uploadId, 'max-parts': '1000' };
    if (marker) params['part-number-marker'] = marker;
    const root = parseXml((await call('GET', bucket, key, { params })).text).documentElement;
    for (const p of children(root, 'Part')) {
      parts.set(Number(childText(p, 'PartNumber')), { etag: childText(p, 'ETag'), size: Number(childText(p, 'Size')) });
    }
    if (childText(root, 'IsTruncated') !== 'true') return parts;
    marker = childText(root, 'NextPartNumberMarker');
  }
}

export function completeMultipart(bucket, key, uploadId, etags) {
  const body = '<CompleteMultipartUpload>' + etags.map((etag, i) =>
    el('Part', [el('PartNumber', String(i + 1)), el('ETag', etag)])).join('') + '</CompleteMultipartUpload>';
  return call('POST', bucket, key, { params: { uploadId }, headers: { 'content-type': 'application/xml' }, body });
}

export const abortMultipart = (bucket, key, uploadId) => call('DELETE', bucket, key, { params: { uploadId } });

// --- XML helpers -------------------------------------------------------------------------------

export function parseXml(text) {
  const doc = new DOMParser().parseFromString(text, 'application/xml');
  const err = doc.querySelector('parsererror');
  if (err) throw new ApiError(0, 'MalformedXML', 'Not well-formed XML: ' + err.textContent.split('\n')[0]);
  return doc;
}

export const childText = (el, tag) => {
  for (const c of el.children) if (c.localName === tag) return c.textContent;
  return null;
};
export const children = (el, tag) => Array.from(el.children).filter(c => c.localName === tag);

export const esc = s => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
/** <tag>…</tag>: a string is escaped text, an array is nested elements; null/'' leaves the element out. */
export function el(tag, content) {
  if (content == null || content === '') return '';
  return `<${tag}>${Array.isArray(content) ? content.join('') : esc(content)}</${tag}>`;
}

// --- API calls ---------------------------------------------------------------------------------

export async function listBuckets() {
  const doc = parseXml((await call('GET', null, null)).text);
  return Array.from(doc.getElementsByTagName('Bucket')).map(b => ({
    name: childText(b, 'Name'), region: childText(b, 'Location'), created: childText(b, 'CreationDate'),
  }));
}

export const createBucket = name => call('PUT', name, null);
export const deleteBucket = name => call('DELETE', name, null);

/** One page of a prefix, delimited by "/" (ListObjects v1, as the COS SDKs list). */
export async function listObjects(bucket, prefix, marker) {
  const params = { delimiter: '/', 'max-keys': '200', prefix };
  if (marker) params.marker = marker;
  const doc = parseXml((await call('GET', bucket, null, { params })).text);
  const root = doc.documentElement;
  return {
    prefixes: children(root, 'CommonPrefixes').map(p => childText(p, 'Prefix')),
    objects: children(root, 'Contents').map(c => ({
      key: childText(c, 'Key'), size: Number(childText(c, 'Size')), modified: childText(c, 'LastModified'),
      etag: childText(c, 'ETag'),
    })),
    next: childText(root, 'IsTruncated') === 'true' ? (childText(root, 'NextMarker') || null) : null,
  };
}

export const deleteObject = (bucket, key) => call('DELETE', bucket, key);

/** A bucket configuration's XML, or null when the bucket has none (its NoSuch… 404). */
export async function getConfig(bucket, sub) {
  try {
    return (await call('GET', bucket, null, { params: { [sub]: '' } })).text;
  } catch (e) {
    if (e.status === 404 && e.code !== 'NoSuchBucket') return null;
    throw e;
  }
}

export const putConfig = (bucket, sub, doc, type = 'application/xml') =>
  call('PUT', bucket, null, { params: { [sub]: '' }, headers: { 'content-type': type }, body: doc });
export const deleteConfig = (bucket, sub) => call('DELETE', bucket, null, { params: { [sub]: '' } });

/** One page of versions and delete markers under a prefix, in the server's order (ListObjectVersions). */
export async function listVersions(bucket, prefix, keyMarker, versionIdMarker) {
  const params = { versions: '', delimiter: '/', 'max-keys': '200', prefix };
  if (keyMarker) params['key-marker'] = keyMarker;
  if (versionIdMarker) params['version-id-marker'] = versionIdMarker;
  const doc = parseXml((await call('GET', bucket, null, { params })).text);
  const root = doc.documentElement;
  return {
    prefixes: children(root, 'CommonPrefixes').map(p => childText(p, 'Prefix')),
    versions: Array.from(root.children).filter(c => c.localName === 'Version' || c.localName === 'DeleteMarker').map(v => ({
      key: childText(v, 'Key'), versionId: childText(v, 'VersionId'), latest: childText(v, 'IsLatest') === 'true',
      deleteMarker: v.localName === 'DeleteMarker', size: Number(childText(v, 'Size') ?? NaN), modified: childText(v, 'LastModified'),
    })),
    next: childText(root, 'IsTruncated') === 'true'
      ? { key: childText(root, 'NextKeyMarker'), version: childText(root, 'NextVersionIdMarker') } : null,
  };
}

export const deleteVersion = (bucket, key, versionId) => call('DELETE', bucket, key, { params: { versionId } });

/** The signed-in account's owner id (ListBuckets' Owner/ID, e.g. qcs::cam::uin/…:uin/…), or null when refused. */
export async function ownerId() {
  try {
    const doc = parseXml((await call('GET', null, null)).text);
    return doc.querySelector('Owner > ID')?.textContent || null;
  } catch (e) {
    return null;
  }
}

/** Keys under a prefix (no delimiter), at most {@code max}. */
export async function listKeys(bucket, prefix, max) {
  const doc = parseXml((await call('GET', bucket, null, { params: { prefix, 'max-keys': String(max) } })).text);
  return children(doc.documentElement, 'Contents').map(c => childText(c, 'Key'));
}

/** HEAD Object's headers. */
export async function head(bucket, key) {
  return (await call('HEAD', bucket, key)).headers;
}

/**
 * Objects and bytes in a bucket (current versions), counted by listing at most {@code limit} keys:
 * {count, bytes, complete}; complete is false when the bucket holds more.
 */
export async function bucketStats(bucket, limit = 10000) {
  let count = 0, bytes = 0, marker = '';
  for (;;) {
    const params = { 'max-keys': '1000' };
    if (marker) params.marker = marker;
    const root = parseXml((await call('GET', bucket, null, { params })).text).documentElement;
    const contents = children(root, 'Contents');
    for (const c of contents) { count++; bytes += Number(childText(c, 'Size')); }
    if (childText(root, 'IsTruncated') !== 'true') return { count, bytes, complete: true };
    if (count >= limit) return { count, bytes, complete: false };
    marker = childText(root, 'NextMarker') || childText(contents[contents.length - 1], 'Key');
  }
}

// cosd's own admin endpoints (docs/security.md ADM-1..ADM-12): JSON answers; every parameter is signed
// (as every request here is), and a body is signed through its Content-MD5 (ADM-6: an identity policy; ADM-12: an explain question).
export async function admin(method, path, params = {}, body = null) {
  const headers = body == null ? {} : { 'content-type': 'application/json', 'content-md5': contentMd5(body) };
  return (await call(method, '-', 'admin/' + path, { params, headers, body })).text;
}

export const adminJson = async (method, path, params = {}) => JSON.parse(await admin(method, path, params));
