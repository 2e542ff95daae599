// Service-to-service token for the billing API (not Zoom). The gateway caps
// lifetimes at ten minutes; iat = now is what the gateway expects.
import jwt, { type SignOptions } from 'jsonwebtoken';

export interface ServiceClaims {
  sub: string;
  aud: string;
  scope: string[];
  iat: number;
  exp: number;
}

const SERVICE_TOKEN_TTL = 600;
const REFRESH_MARGIN_MS = 30 * 1000;

let cached: { token: string; expiresAtMs: number } | undefined;

export function serviceToken(scope: string[]): string {
  // Reuse the cached token until shortly before it expires (milliseconds).
  if (cached && cached.expiresAtMs - REFRESH_MARGIN_MS > Date.now()) {
    return cached.token;
  }

  const now = Math.floor(Date.now() / 1000);
  const claims: ServiceClaims = {
    sub: 'meeting-scheduler',
    aud: 'billing-api',
    scope,
    iat: now,
    exp: now + SERVICE_TOKEN_TTL,
  };
  const options: SignOptions = { algorithm: 'HS256', keyid: 'svc-2024-q3' };
  const token = jwt.sign(claims, process.env.INTERNAL_JWT_SECRET as string, options);

  cached = { token, expiresAtMs: claims.exp * 1000 };
  return token;
}
