"""Django service (trimmed): Meeting SDK token for the support desk's web client.

Ported from the JWT-app era by swapping the credentials; the payload still
names the key apiKey, and role was dropped when the role mapping moved.
"""
import base64
import hashlib
import hmac
import json
import os
import time

IAT_SKEW = 30
LIFETIME = 2 * 60 * 60


def _b64url(raw):
    return base64.urlsafe_b64encode(raw).decode().replace("=", "")


class ZoomSignatureService:
    def __init__(self, key, secret):
        self.key = key
        self.secret = secret

    def signature(self, meeting_number, role=0):
        iat = int(time.time()) - IAT_SKEW
        payload = {
            "apiKey": self.key,
            "mn": meeting_number,
            "iat": iat,
            "exp": iat + LIFETIME,
            "tokenExp": iat + LIFETIME,
        }
        header = _b64url(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
        body = _b64url(json.dumps(payload).encode())
        sig = hmac.new(self.secret.encode(), (header + "." + body).encode(), hashlib.sha256).digest()
        return ".".join([header, body, _b64url(sig)])


if __name__ == "__main__":
    service = ZoomSignatureService(os.environ["ZOOM_SDK_KEY"], os.environ["ZOOM_SDK_SECRET"])
    print(service.signature(os.environ["MEETING_NUMBER"], int(os.environ["ROLE"])))
