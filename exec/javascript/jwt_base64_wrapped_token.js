// Meeting SDK signature service: the token is base64-encoded "so that it survives the
// query string" -- and the Web SDK gets something that is not a JWT any more.
const crypto = require('crypto');

const SDK_KEY = process.env.ZOOM_SDK_KEY;
const SDK_SECRET = process.env.ZOOM_SDK_SECRET;

const b64url = (text) => Buffer.from(text).toString('base64url');

function meetingJwt(meetingNumber, role) {
  const iat = Math.floor(Date.now() / 1000) - 30;
  const exp = iat + 2 * 60 * 60;
  const header = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
  const payload = b64url(JSON.stringify({ appKey: SDK_KEY, sdkKey: SDK_KEY, mn: meetingNumber, role, iat, exp, tokenExp: exp }));
  const signature = crypto.createHmac('sha256', SDK_SECRET).update(`${header}.${payload}`).digest('base64url');
  return `${header}.${payload}.${signature}`;
}

function transportSignature(meetingNumber, role) {
  const token = meetingJwt(meetingNumber, role);
  return Buffer.from(token, 'utf8').toString('base64');
}

console.log(transportSignature(process.env.MEETING_NUMBER, Number(process.env.ROLE)));
