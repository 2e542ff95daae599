'use client';
// Client-side helper of the App Router meeting page (imported by MeetingRoom.tsx). The
// NEXT_PUBLIC_ prefix makes Next.js inline the SDK secret into the browser bundle.
import { KJUR } from 'jsrsasign';

const sdkKey = process.env.NEXT_PUBLIC_ZOOM_SDK_KEY as string;
const sdkSecret = process.env.NEXT_PUBLIC_ZOOM_SDK_SECRET as string; // expect: SIG011

export interface JoinCredentials {
  signature: string;
  sdkKey: string;
}

export function joinCredentials(meetingNumber: string, role: 0 | 1 = 0): JoinCredentials {
  const iat = Math.round(Date.now() / 1000) - 30;
  const exp = iat + 60 * 60 * 2;
  const oHeader = { alg: 'HS256', typ: 'JWT' };
  const oPayload = { appKey: sdkKey, sdkKey, mn: meetingNumber, role, iat, exp, tokenExp: exp };
  const signature = KJUR.jws.JWS.sign('HS256', JSON.stringify(oHeader), JSON.stringify(oPayload), sdkSecret);
  return { signature, sdkKey };
}
