// Meeting SDK signature helper. The UTC date is built from its locale text "so that the
// server's zone does not matter" -- and the text is read back in the server's zone.
import * as crypto from 'crypto';

const SDK_KEY: string = process.env.ZOOM_SDK_KEY ?? '';
const SDK_SECRET: string = process.env.ZOOM_SDK_SECRET ?? '';

function base64url(text: string | Buffer): string {
  return Buffer.from(text).toString('base64url');
}

export function generateSignature(meetingNumber: string, role: number): string {
  const nowUtc = new Date(new Date().toLocaleString('en-US', { timeZone: 'UTC' }));
  const iat: number = Math.floor(nowUtc.getTime() / 1000) - 30;
  const exp: number = iat + 2 * 60 * 60;
  const header = base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
  const payload = base64url(
    JSON.stringify({ appKey: SDK_KEY, sdkKey: SDK_KEY, mn: meetingNumber, role, iat, exp, tokenExp: exp }),
  );
  const signature = crypto.createHmac('sha256', SDK_SECRET).update(`${header}.${payload}`).digest('base64url');
  return `${header}.${payload}.${signature}`;
}

console.log(generateSignature(process.env.MEETING_NUMBER ?? '', Number(process.env.ROLE)));
