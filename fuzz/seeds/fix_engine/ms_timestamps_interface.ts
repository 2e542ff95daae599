// Meeting SDK claims typed by hand. `number` does not say which unit, and
// these generators fill the claims with JavaScript milliseconds.
import jwt from 'jsonwebtoken';

interface MeetingSdkClaims {
  appKey: string;
  sdkKey: string;
  mn: string;
  role: 0 | 1;
  iat: number;
  exp: number;
  tokenExp?: number;
}

const SDK_KEY = process.env.ZOOM_SDK_KEY as string;
const SDK_SECRET = process.env.ZOOM_SDK_SECRET as string;

export function signForMeeting(meetingNumber: string, role: 0 | 1): string {
  const claims: MeetingSdkClaims = {
    appKey: SDK_KEY,
    sdkKey: SDK_KEY,
    mn: meetingNumber,
    role,
    iat: Date.now(), // expect: SIG003, SIG006
    exp: Date.now() + 7200 * 1000, // expect: SIG006
  };
  return jwt.sign(claims, SDK_SECRET, { algorithm: 'HS256' });
}

export class ReplaySigner {
  private static readonly SKEW_MS = 30 * 1000;
  private static readonly LIFETIME_MS = 2 * 60 * 60 * 1000;

  sign(meetingNumber: string): string {
    const issuedAt = +new Date() - ReplaySigner.SKEW_MS; // expect: SIG006
    const claims: MeetingSdkClaims = {
      appKey: SDK_KEY,
      sdkKey: SDK_KEY,
      mn: meetingNumber,
      role: 0,
      iat: issuedAt,
      exp: issuedAt + ReplaySigner.LIFETIME_MS, // expect: SIG006
    };
    return jwt.sign(claims, SDK_SECRET, { algorithm: 'HS256' });
  }
}
