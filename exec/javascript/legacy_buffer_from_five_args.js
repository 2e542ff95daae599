// Legacy Web SDK signature whose last step is broken: the five parts are handed to
// Buffer.from as five arguments instead of one joined string (seen in a public Next.js app),
// so the "signature" is the base64 of the API key alone (Node ignores an encoding argument that
// is not a string, here the numeric meeting number).
const crypto = require('crypto');

function generateSignature(apiKey, apiSecret, meetingNumber, role) {
  const timestamp = new Date().getTime() - 30000;
  const msg = Buffer.from(apiKey + meetingNumber + timestamp + role).toString('base64');
  const hash = crypto.createHmac('sha256', apiSecret).update(msg).digest('base64');
  const signature = Buffer.from(apiKey, meetingNumber, timestamp, role, hash).toString('base64');
  return signature;
}

console.log(
  generateSignature(
    process.env.ZOOM_SDK_KEY,
    process.env.ZOOM_SDK_SECRET,
    Number(process.env.MEETING_NUMBER),
    process.env.ROLE
  )
);
