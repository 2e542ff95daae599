// Legacy Web SDK signature for the on-prem conference rooms that still run SDK 1.9.
// The final string is base64url without padding, as the old SDK expects.
import { createHmac } from 'node:crypto';

const toBase64Url = (s) => s.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

/**
 * @param {{ apiKey: string, apiSecret: string, meetingNumber: string, role?: 0 | 1 }} opts
 */
export function legacySignature({ apiKey, apiSecret, meetingNumber, role = 0 }) {
  const ts = Date.now() - 30000;
  const message = Buffer.from(`${apiKey}${meetingNumber}${ts}${role}`).toString('base64');

  const hash = createHmac('sha256', apiSecret) // expect: SIG001
    .update(message)
    .digest('base64');

  const raw = apiKey + '.' + meetingNumber + '.' + ts + '.' + role + '.' + hash;
  return toBase64Url(Buffer.from(raw).toString('base64'));
}

export function legacySignatureFromEnv(meetingNumber, role) {
  return legacySignature({
    apiKey: process.env.ZOOM_API_KEY,
    apiSecret: process.env.ZOOM_API_SECRET,
    meetingNumber,
    role,
  });
}
