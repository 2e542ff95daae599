// Signature service for the join page, written before the Meeting SDK moved to JWTs.
// The final signature is already URL-safe: only the format itself is legacy.
const crypto = require('crypto');

const API_KEY = process.env.ZOOM_SDK_KEY;
const API_SECRET = process.env.ZOOM_SDK_SECRET;

function signMeeting(meetingNumber, role) {
  const timestamp = Date.now() - 30000;
  const message = Buffer.from(`${API_KEY}${meetingNumber}${timestamp}${role}`).toString('base64');
  const hash = crypto.createHmac('sha256', API_SECRET).update(message).digest('base64');
  const parts = [API_KEY, meetingNumber, timestamp, role, hash];

  return Buffer.from(parts.join('.')).toString('base64url');
}

const meetingNumber = process.env.MEETING_NUMBER;
const role = parseInt(process.env.ROLE, 10);
process.stdout.write(signMeeting(meetingNumber, role) + '\n');
