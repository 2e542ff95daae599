// Signature service migrated from the JWT app to the Meeting SDK app: the
// credentials were switched, the claim names were not. tokenExp was raised to
// four hours for long trainings, exp was forgotten.
import * as crypto from 'crypto';

interface SignatureRequest {
  meetingNumber: string;
  role: number;
}

const HEADER = { alg: 'HS256', typ: 'JWT' };

class SignatureService {
  constructor(
    private readonly sdkKey: string,
    private readonly sdkSecret: string,
  ) {}

  sign(request: SignatureRequest): string {
    const iat = Math.round(new Date().getTime() / 1000) - 30;
    const exp = iat + 60 * 60 * 2;
    const claims = {
      apiKey: this.sdkKey,
      mn: request.meetingNumber,
      role: request.role,
      iat: iat,
      exp: exp,
      tokenExp: iat + 60 * 60 * 4,
    };
    const encode = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');
    const unsigned = encode(HEADER) + '.' + encode(claims);
    const mac = crypto.createHmac('sha256', this.sdkSecret).update(unsigned).digest('base64url');
    return unsigned + '.' + mac;
  }
}

const service = new SignatureService(process.env.ZOOM_SDK_KEY!, process.env.ZOOM_SDK_SECRET!);
console.log(service.sign({ meetingNumber: process.env.MEETING_NUMBER!, role: Number(process.env.ROLE) }));
