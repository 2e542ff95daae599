// Web SDK signature endpoint from the 2021 rollout (API key + API secret).
// TODO(platform): the Web SDK stopped accepting this format in 2.7.
const express = require('express');
const crypto = require('crypto');

const router = express.Router();

const API_KEY = process.env.ZOOM_JWT_API_KEY;
const API_SECRET = process.env.ZOOM_JWT_API_SECRET;

function generateSignature(apiKey, apiSecret, meetingNumber, role) {
  // Zoom's servers reject timestamps ahead of theirs: go back 30 s (milliseconds here).
  const timestamp = new Date().getTime() - 30000;
  const msg = Buffer.from(apiKey + meetingNumber + timestamp + role).toString('base64');
  const hash = crypto.createHmac('sha256', apiSecret).update(msg).digest('base64'); // expect: SIG001
  const parts = [apiKey, meetingNumber, timestamp, role, hash];
  return Buffer.from(parts.join('.')).toString('base64'); // expect: SIG004
}

router.post('/signature', (req, res) => {
  const { meetingNumber, role = 0 } = req.body;
  if (!meetingNumber) {
    res.status(400).json({ message: 'meetingNumber missing' });
    return;
  }
  res.json({
    signature: generateSignature(API_KEY, API_SECRET, meetingNumber, role),
    apiKey: API_KEY,
  });
});

module.exports = router;
