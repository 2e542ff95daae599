// Meeting SDK signature service. A contractor "fixed" times being "in the wrong zone" on
// the Singapore staging box by shifting them by the zone offset.
const crypto = require('crypto');

const SDK_KEY = process.env.ZOOM_SDK_KEY;
const SDK_SECRET = process.env.ZOOM_SDK_SECRET;

const b64url = (buf) => Buffer.from(buf).toString('base64url');

function utcSeconds() {
  const offsetMs = new Date().getTimezoneOffset() * 60 * 1000;
  return Math.floor((Date.now() + offsetMs) / 1000);
}

function createSignature(meetingNumber, role) {
  const iat = utcSeconds() - 30;
  const exp = iat + 60 * 60 * 2;
  const header = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
  const payload = b64url(
    JSON.stringify({ appKey: SDK_KEY, sdkKey: SDK_KEY, mn: meetingNumber, role, iat, exp, tokenExp: exp })
  );
  const signature = crypto.createHmac('sha256', SDK_SECRET).update(`${header}.${payload}`).digest('base64url');
  return `${header}.${payload}.${signature}`;
}

console.log(createSignature(process.env.MEETING_NUMBER, Number(process.env.ROLE)));
