// Meeting SDK token for the webinar lobby. Attendees wait in the lobby for
// days, so the token was given "plenty of time"; exp was copied from a cookie helper.
const crypto = require('crypto');

const TWO_HOURS_MS = 2 * 60 * 60 * 1000;

function base64url(input) {
  return Buffer.from(input).toString('base64url');
}

function lobbySignature(sdkKey, sdkSecret, meetingNumber, role) {
  const iat = Math.floor(Date.now() / 1000) - 30;
  const exp = Date.now() + TWO_HOURS_MS;
  const tokenExp = iat + 60 * 60 * 72;

  const header = base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
  const claims = base64url(
    JSON.stringify({ appKey: sdkKey, sdkKey, mn: meetingNumber, role, iat, exp, tokenExp }),
  );
  const signature = crypto.createHmac('sha256', sdkSecret).update(header + '.' + claims).digest('base64url');
  return [header, claims, signature].join('.');
}

const { ZOOM_SDK_KEY, ZOOM_SDK_SECRET, MEETING_NUMBER, ROLE } = process.env;
console.log(lobbySignature(ZOOM_SDK_KEY, ZOOM_SDK_SECRET, MEETING_NUMBER, Number(ROLE)));
