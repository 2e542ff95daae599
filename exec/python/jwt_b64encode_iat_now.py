"""Meeting SDK signature without PyJWT (the deploy image has no pip).

Joins fail "randomly" with "Signature is invalid"; a page reload usually works.
"""
import base64
import hashlib
import hmac
import json
import os
import time

SDK_KEY = os.environ["ZOOM_SDK_KEY"]
SDK_SECRET = os.environ["ZOOM_SDK_SECRET"]


def _segment(obj):
    return base64.b64encode(json.dumps(obj, separators=(",", ":")).encode()).decode()


def meeting_signature(meeting_number, role):
    iat = int(time.time())
    exp = iat + 60 * 60 * 2
    header = {"alg": "HS256", "typ": "JWT"}
    payload = {
        "appKey": SDK_KEY,
        "sdkKey": SDK_KEY,
        "mn": meeting_number,
        "role": role,
        "iat": iat,
        "exp": exp,
        "tokenExp": exp,
    }
    signing_input = _segment(header) + "." + _segment(payload)
    signature = hmac.new(SDK_SECRET.encode(), signing_input.encode(), hashlib.sha256).digest()
    return signing_input + "." + base64.b64encode(signature).decode()


if __name__ == "__main__":
    print(meeting_signature(os.environ["MEETING_NUMBER"], int(os.environ["ROLE"])))
