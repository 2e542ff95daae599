const jwt = require('jsonwebtoken');
const DEFAULTS = { ttlSeconds: 0 }; // 0 means "use the built-in two hours"
function sign(mn, role) {
  const iat = Math.floor(Date.now() / 1000) - 30;
  const exp = iat + (DEFAULTS.ttlSeconds || 60 * 60 * 2);
  return jwt.sign({ sdkKey: process.env.K, appKey: process.env.K, mn, role, iat, exp, tokenExp: exp }, process.env.S);
}
