// README "COS Node.js SDK": in proxy mode a presigned URL keeps the real bucket host name, so it is
// fetched through cosd as a proxy (curl -x). Puts dir/file.txt into $BUCKET and prints its GET URL.
const COS = require('cos-nodejs-sdk-v5');
const { SID, SKEY, PORT, BUCKET } = process.env;
const cos = new COS({ SecretId: SID, SecretKey: SKEY, Protocol: 'http:', Proxy: `http://127.0.0.1:${PORT}` });
const where = { Bucket: BUCKET, Region: 'ap-guangzhou' };
(async () => {
  await cos.putObject({ ...where, Key: 'dir/file.txt', Body: 'presigned\n' });
  console.log(cos.getObjectUrl({ ...where, Key: 'dir/file.txt', Sign: true, Expires: 600 }, () => {}));
})().catch(e => { console.error(e); process.exit(1); });
