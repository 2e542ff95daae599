"""Meeting SDK signature for the kiosk app, hand-rolled (no pip on the kiosk image).

Worked for months in the Frankfurt data centre's UTC containers; since the move to the
Tokyo region every join fails with "Signature is invalid".
"""
import base64
import hashlib
import hmac
import json
import os
from datetime import datetime

SDK_KEY = os.environ["ZOOM_SDK_KEY"]
SDK_SECRET = os.environ["ZOOM_SDK_SECRET"]
CLOCK_SKEW = 30
LIFETIME = 2 * 60 * 60


def _b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _issued_at():
    # "UTC everywhere" -- but a naive utcnow() is read back as local time by timestamp().
    return int(datetime.utcnow().timestamp()) - CLOCK_SKEW


def kiosk_signature(meeting_number, role):
    iat = _issued_at()
    payload = {
        "appKey": SDK_KEY,
        "sdkKey": SDK_KEY,
        "mn": meeting_number,
        "role": role,
        "iat": iat,
        "exp": iat + LIFETIME,
        "tokenExp": iat + LIFETIME,
    }
    header = _b64url(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
    body = _b64url(json.dumps(payload, separators=(",", ":")).encode())
    mac = hmac.new(SDK_SECRET.encode(), f"{header}.{body}".encode(), hashlib.sha256).digest()
    return f"{header}.{body}.{_b64url(mac)}"


if __name__ == "__main__":
    print(kiosk_signature(os.environ["MEETING_NUMBER"], int(os.environ["ROLE"])))
