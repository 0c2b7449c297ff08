// COS q-sign (HMAC-SHA1) in the browser, as docs/spec/protocol.md §2.1
// define it:
//   KeyTime      = "<start>;<end>"
//   SignKey      = hex(HMAC-SHA1(SecretKey, KeyTime))
//   HttpString   = lower(method) \n decoded path \n sorted params \n sorted headers \n
//   StringToSign = "sha1\n" KeyTime "\n" hex(SHA1(HttpString)) "\n"
//   Signature    = hex(HMAC-SHA1(SignKey, StringToSign))
// WebCrypto when the page is a secure context, else the small fallback in sha1.js
// (docs/console.md "Signing in the browser"). The SecretKey never leaves this function.
import { sha1, hmacSha1 } from './sha1.js';

const utf8 = new TextEncoder();
const hex = bytes => Array.from(new Uint8Array(bytes), b => b.toString(16).padStart(2, '0')).join('');

/** True when WebCrypto is there; the console says so on the sign-in page when it is not. */
export const secureCrypto = !!(globalThis.crypto && globalThis.crypto.subtle);

async function hmacHex(key, message) {
  if (!secureCrypto) return hex(hmacSha1(utf8.encode(key), utf8.encode(message)));
  const k = await crypto.subtle.importKey('raw', utf8.encode(key), { name: 'HMAC', hash: 'SHA-1' }, false, ['sign']);
  return hex(await crypto.subtle.sign('HMAC', k, utf8.encode(message)));
}

async function sha1Hex(message) {
  if (!secureCrypto) return hex(sha1(utf8.encode(message)));
  return hex(await crypto.subtle.digest('SHA-1', utf8.encode(message)));
}

/** RFC 3986 percent-encoding of UTF-8 with unreserved A-Za-z0-9-_.~ and upper-case hex, as both COS SDKs encode. */
export function enc(s) {
  return encodeURIComponent(String(s)).replace(/[!'()*]/g, c => '%' + c.charCodeAt(0).toString(16).toUpperCase());
}

/** [[encodedLowerKey, encodedValue]] sorted by key. */
function canonical(map, trim) {
  return Object.entries(map)
    .map(([k, v]) => [enc(k).toLowerCase(), enc(trim ? String(v ?? '').trim() : (v ?? ''))])
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}

export function httpString(method, path, params, headers) {
  const p = canonical(params, false), h = canonical(headers, true);
  return `${method.toLowerCase()}\n${path}\n${p.map(([k, v]) => `${k}=${v}`).join('&')}\n${h.map(([k, v]) => `${k}=${v}`).join('&')}\n`;
}

/**
 * The q-sign authorization string for one request.
 * @param {{secretId:string, secretKey:string}} cred
 * @param {string} method
 * @param {string} path     the decoded path that is signed, e.g. "/photos-1250000000/a b.txt"
 * @param {object} params   every query parameter sent (all are signed: q-sign must list sub-resources)
 * @param {object} headers  the headers to sign (host, content-type, x-cos-*)
 * @param {number} start    epoch seconds
 * @param {number} end      epoch seconds
 */
export async function authorization(cred, method, path, params, headers, start, end) {
  const keyTime = `${start};${end}`;
  const signKey = await hmacHex(cred.secretKey, keyTime);
  const sts = `sha1\n${keyTime}\n${await sha1Hex(httpString(method, path, params, headers))}\n`;
  const signature = await hmacHex(signKey, sts);
  const list = m => canonical(m, false).map(e => e[0]).join(';');
  return `q-sign-algorithm=sha1&q-ak=${cred.secretId}&q-sign-time=${keyTime}&q-key-time=${keyTime}`
    + `&q-header-list=${list(headers)}&q-url-param-list=${list(params)}&q-signature=${signature}`;
}

/** The q-* fields of an authorization string as query parameters (the presigned form the SDKs use). */
export function asQuery(auth) {
  return auth.split('&').map(kv => {
    const i = kv.indexOf('=');
    return `${kv.slice(0, i)}=${enc(kv.slice(i + 1))}`;
  }).join('&');
}
