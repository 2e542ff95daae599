"""Meeting SDK signature, base64-encoded once more "for the mobile client"."""
import base64
import hashlib
import hmac
import json
import os
import time

SDK_KEY = os.environ["ZOOM_SDK_KEY"]
SDK_SECRET = os.environ["ZOOM_SDK_SECRET"]


def _b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def meeting_jwt(meeting_number, role):
    iat = int(time.time()) - 30
    payload = {"appKey": SDK_KEY, "sdkKey": SDK_KEY, "mn": meeting_number, "role": role,
               "iat": iat, "exp": iat + 7200, "tokenExp": iat + 7200}
    signing_input = _b64url(json.dumps({"alg": "HS256", "typ": "JWT"}).encode()) + "." + _b64url(json.dumps(payload).encode())
    mac = hmac.new(SDK_SECRET.encode(), signing_input.encode(), hashlib.sha256).digest()
    return signing_input + "." + _b64url(mac)


def mobile_signature(meeting_number, role):
    return base64.b64encode(meeting_jwt(meeting_number, role).encode()).decode()


if __name__ == "__main__":
    print(mobile_signature(os.environ["MEETING_NUMBER"], int(os.environ["ROLE"])))
