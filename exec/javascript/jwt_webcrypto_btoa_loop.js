// Meeting SDK signature with Web Crypto (the same code runs in a Worker and in Node 20): the
// binary string for btoa() is built byte by byte, and btoa() writes standard base64 with '='.
const SDK_KEY = process.env.ZOOM_SDK_KEY;
const SDK_SECRET = process.env.ZOOM_SDK_SECRET;
const encoder = new TextEncoder();

function toBase64(bytes) {
  let binary = '';
  for (let i = 0; i < bytes.length; i++) {
    binary += String.fromCharCode(bytes[i]);
  }
  return btoa(binary);
}

async function sign(message) {
  const key = await crypto.subtle.importKey(
    'raw',
    encoder.encode(SDK_SECRET),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  return new Uint8Array(await crypto.subtle.sign('HMAC', key, encoder.encode(message)));
}

async function createSignature(meetingNumber, role) {
  const iat = Math.floor(Date.now() / 1000) - 30;
  const exp = iat + 2 * 3600;
  const header = toBase64(encoder.encode(JSON.stringify({ alg: 'HS256', typ: 'JWT' })));
  const payload = toBase64(
    encoder.encode(
      JSON.stringify({ appKey: SDK_KEY, sdkKey: SDK_KEY, mn: meetingNumber, role, iat, exp, tokenExp: exp }),
    ),
  );
  return `${header}.${payload}.${toBase64(await sign(`${header}.${payload}`))}`;
}

createSignature(process.env.MEETING_NUMBER, Number(process.env.ROLE)).then((t) => console.log(t));
