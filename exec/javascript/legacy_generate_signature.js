// Web SDK signature helper from the 1.x sample app (API key + API secret).
// Prints the signature for the meeting given in the environment.
const crypto = require('crypto');

function generateSignature(apiKey, apiSecret, meetingNumber, role) {
  // Prevent time sync issue between client signature generation and Zoom
  const timestamp = new Date().getTime() - 30000;
  const msg = Buffer.from(apiKey + meetingNumber + timestamp + role).toString('base64');
  const hash = crypto.createHmac('sha256', apiSecret).update(msg).digest('base64');
  const signature = Buffer.from(`${apiKey}.${meetingNumber}.${timestamp}.${role}.${hash}`).toString('base64');

  return signature;
}

console.log(
  generateSignature(
    process.env.ZOOM_SDK_KEY,
    process.env.ZOOM_SDK_SECRET,
    process.env.MEETING_NUMBER,
    Number(process.env.ROLE),
  ),
);
