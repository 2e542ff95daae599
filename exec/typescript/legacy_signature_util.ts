// src/zoom/signature.util.ts: Web SDK signature from the API key and secret,
// ported from the old JavaScript sample when the backend moved to TypeScript.
import { createHmac } from 'crypto';

export interface ZoomCredentials {
  apiKey: string;
  apiSecret: string;
}

export function generateSignature(
  credentials: ZoomCredentials,
  meetingNumber: string,
  role: number,
): string {
  const timestamp: number = new Date().getTime() - 30000;
  const msg: string = Buffer.from(credentials.apiKey + meetingNumber + timestamp + role).toString('base64');
  const hash: string = createHmac('sha256', credentials.apiSecret).update(msg).digest('base64');
  const signature: string = Buffer.from(
    `${credentials.apiKey}.${meetingNumber}.${timestamp}.${role}.${hash}`,
  ).toString('base64');
  return signature.replace(/=+$/, '');
}

const credentials: ZoomCredentials = {
  apiKey: process.env.ZOOM_SDK_KEY ?? '',
  apiSecret: process.env.ZOOM_SDK_SECRET ?? '',
};
console.log(generateSignature(credentials, process.env.MEETING_NUMBER ?? '', Number(process.env.ROLE)));
