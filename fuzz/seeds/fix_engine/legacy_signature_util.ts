import crypto from 'crypto';

export interface LegacyJoinParams {
  apiKey: string;
  apiSecret: string;
  meetingNumber: number;
  role: 0 | 1;
}

/**
 * Web SDK 1.x signature (API key + API secret), kept for the kiosk build.
 * @deprecated Web SDK 2.7+ only accepts Meeting SDK JWTs; see PLAT-1432.
 */
export function legacyWebSdkSignature({ apiKey, apiSecret, meetingNumber, role }: LegacyJoinParams): string {
  // The legacy format is in milliseconds, backdated 30 s against clock drift.
  const timestamp: number = Date.now() - 30000;
  const message = Buffer.from(`${apiKey}${meetingNumber}${timestamp}${role}`).toString('base64');
  const hash = crypto.createHmac('sha256', apiSecret).update(message).digest('base64'); // expect: SIG001

  const parts: Array<string | number> = [apiKey, meetingNumber, timestamp, role, hash];
  // Only the padding is removed; '+' and '/' can still appear in the result.
  return Buffer.from(parts.join('.')).toString('base64').replace(/=+$/, ''); // expect: SIG004
}

export function legacySignatureFromEnv(meetingNumber: number, role: 0 | 1 = 0): string {
  const apiKey = process.env.ZOOM_API_KEY;
  const apiSecret = process.env.ZOOM_API_SECRET;
  if (!apiKey || !apiSecret) {
    throw new Error('ZOOM_API_KEY / ZOOM_API_SECRET are not set');
  }
  return legacyWebSdkSignature({ apiKey, apiSecret, meetingNumber, role });
}
