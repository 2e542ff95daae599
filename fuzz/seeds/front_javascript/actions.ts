'use server';
// Server Action of the App Router meeting page. Next.js runs this module on the server only;
// the client component calls getSignature() through an RPC and never sees the SDK secret.
import { SignJWT } from 'jose';
import { auth } from '@/lib/auth';

const SDK_KEY = process.env.ZOOM_MEETING_SDK_KEY!;
const SDK_SECRET = new TextEncoder().encode(process.env.ZOOM_MEETING_SDK_SECRET!);
const SKEW_SECONDS = 30;
const TTL_SECONDS = 60 * 60 * 2;

export async function getSignature(meetingNumber: string): Promise<{ signature: string; sdkKey: string }> {
  const session = await auth();
  if (!session?.user) {
    throw new Error('not signed in');
  }
  const role = session.user.isHost ? 1 : 0;
  const iat = Math.floor(Date.now() / 1000) - SKEW_SECONDS;
  const exp = iat + TTL_SECONDS;
  const signature = await new SignJWT({ appKey: SDK_KEY, sdkKey: SDK_KEY, mn: meetingNumber, role, iat, exp, tokenExp: exp })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .sign(SDK_SECRET);
  return { signature, sdkKey: SDK_KEY };
}
