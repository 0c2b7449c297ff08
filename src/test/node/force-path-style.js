// README "COS Node.js SDK": path style is not a way to reach cosd, because the SDK's constructor
// refuses ForcePathStyle outright (sdk/cos.js). Prints the error message; exits 1 if none is thrown.
const COS = require('cos-nodejs-sdk-v5');
console.warn = () => {}; // the SDK warns in Chinese before throwing; keep the output to the message
try {
  new COS({ SecretId: 'id', SecretKey: 'key', ForcePathStyle: true });
  console.log('no error');
  process.exit(1);
} catch (e) {
  console.log(e.message);
}
