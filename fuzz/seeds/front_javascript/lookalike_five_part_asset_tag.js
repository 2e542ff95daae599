// Build a cache key / version tag: major.minor.patch.build.hash
const crypto = require('crypto');
function assetTag(major, minor, patch, secret) {
  const build = Date.now();
  const hash = crypto.createHmac('sha256', secret).update(String(build)).digest('base64');
  return [major, minor, patch, build, hash].join('.');
}
