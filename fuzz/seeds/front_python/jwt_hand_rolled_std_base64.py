"""zoom/signature.py -- Meeting SDK JWT without a JWT dependency (the Lambda
layer has a 50 MB limit and PyJWT was "one more package")."""
import base64
import hashlib
import hmac
import json
import os
import time

HEADER = {"alg": "HS256", "typ": "JWT"}
CLOCK_SKEW = 30
TOKEN_TTL = 60 * 60 * 2


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")  # expect: SIG004


def _segment(obj) -> str:
    return _b64(json.dumps(obj, separators=(",", ":")).encode("utf-8"))


def lambda_handler(event, context):
    body = json.loads(event.get("body") or "{}")
    iat = int(time.time()) - CLOCK_SKEW
    payload = {
        "appKey": os.environ["ZOOM_SDK_KEY"],
        "sdkKey": os.environ["ZOOM_SDK_KEY"],
        "mn": body.get("meetingNumber"),
        "role": 1 if body.get("role") == 1 else 0,
        "iat": iat,
        "exp": iat + TOKEN_TTL,
        "tokenExp": iat + TOKEN_TTL,
    }
    signing_input = _segment(HEADER) + "." + _segment(payload)
    digest = hmac.new(
        os.environ["ZOOM_SDK_SECRET"].encode("utf-8"),
        signing_input.encode("utf-8"),
        hashlib.sha256,
    ).digest()
    token = signing_input + "." + _b64(digest)
    return {"statusCode": 200, "body": json.dumps({"signature": token})}
