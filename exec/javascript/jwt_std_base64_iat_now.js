// Meeting SDK signature without a JWT library ("one dependency less").
// Joins fail now and then with "Signature is invalid"; a retry usually works.
const crypto = require('crypto');

const SDK_KEY = process.env.ZOOM_SDK_KEY;
const SDK_SECRET = process.env.ZOOM_SDK_SECRET;

function createSignature(meetingNumber, role) {
  const iat = Math.floor(Date.now() / 1000);
  const exp = iat + 60 * 60 * 2;

  const header = { alg: 'HS256', typ: 'JWT' };
  const payload = { appKey: SDK_KEY, sdkKey: SDK_KEY, mn: meetingNumber, role, iat, exp, tokenExp: exp };

  const encodedHeader = Buffer.from(JSON.stringify(header)).toString('base64');
  const encodedPayload = Buffer.from(JSON.stringify(payload)).toString('base64');
  const signature = crypto
    .createHmac('sha256', SDK_SECRET)
    .update(`${encodedHeader}.${encodedPayload}`)
    .digest('base64');

  return `${encodedHeader}.${encodedPayload}.${signature}`;
}

console.log(createSignature(process.env.MEETING_NUMBER, Number(process.env.ROLE)));
