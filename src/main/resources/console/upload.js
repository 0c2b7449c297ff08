// Uploads: one PUT for small files, multipart for large ones (parts of at least 5 MiB, at most 10,000
// of them), resumable after a reload: the upload id of a file in flight is kept in localStorage under
// its bucket, key, size and modification time (no secret: the id alone authorizes nothing), and
// choosing the same file again lists the parts already stored (ListParts) and sends only the rest.
import * as api from './cos.js';

export const MULTIPART_THRESHOLD = 8 * 1024 * 1024;
const MIN_PART = 5 * 1024 * 1024;

const resumeKey = (bucket, key, file) => `cosd.console.upload:${bucket}/${key}:${file.size}:${file.lastModified}`;

/**
 * Uploads {@code file} to bucket/key; onProgress(doneBytes, totalBytes); onNote(text) says when an
 * upload is resumed. Resolves when the object is stored.
 */
export async function uploadFile(bucket, key, file, onProgress, onNote) {
  if (file.size <= MULTIPART_THRESHOLD) return api.upload(bucket, key, file, onProgress);
  const partSize = Math.max(MIN_PART, Math.ceil(file.size / 10000));
  const count = Math.ceil(file.size / partSize);
  const store = resumeKey(bucket, key, file);
  let uploadId = localStorage.getItem(store);
  let done = new Map();
  if (uploadId) {
    try {
      done = await api.listParts(bucket, key, uploadId);
      onNote(`resuming: ${done.size} of ${count} parts already uploaded`);
    } catch (e) {
      if (e.code !== 'NoSuchUpload') throw e;
      uploadId = null; // completed or aborted meanwhile: start again
    }
  }
  if (!uploadId) {
    uploadId = await api.initiateMultipart(bucket, key, file.type);
    localStorage.setItem(store, uploadId);
  }
  const etags = [];
  let sent = 0;
  for (let n = 1; n <= count; n++) {
    const start = (n - 1) * partSize, end = Math.min(file.size, start + partSize);
    const have = done.get(n);
    if (have && have.size === end - start) {
      etags.push(have.etag);
    } else {
      etags.push(await api.uploadPart(bucket, key, uploadId, n, file.slice(start, end), loaded => onProgress(sent + loaded, file.size)));
    }
    sent = end;
    onProgress(sent, file.size);
  }
  await api.completeMultipart(bucket, key, uploadId, etags);
  localStorage.removeItem(store);
}
