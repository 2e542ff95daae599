"""FastAPI dependency (trimmed): Meeting SDK token for the conference app.

Sessions span a three-day conference, so the token lives three days; iat comes
straight from time.time() "because it is already seconds".
"""
import base64
import hashlib
import hmac
import json
import os
import time

TOKEN_TTL = 3 * 24 * 60 * 60


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def conference_token(sdk_key: str, sdk_secret: str, meeting_number: str, role: int) -> str:
    iat = time.time() - 30
    exp = int(iat) + TOKEN_TTL
    claims = {"appKey": sdk_key, "sdkKey": sdk_key, "mn": meeting_number, "role": role}
    claims["iat"] = iat
    claims["exp"] = exp
    claims["tokenExp"] = exp
    header = b64url(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
    body = b64url(json.dumps(claims).encode())
    mac = hmac.new(sdk_secret.encode(), f"{header}.{body}".encode(), hashlib.sha256).digest()
    return f"{header}.{body}.{b64url(mac)}"


if __name__ == "__main__":
    env = os.environ
    print(conference_token(env["ZOOM_SDK_KEY"], env["ZOOM_SDK_SECRET"], env["MEETING_NUMBER"], int(env["ROLE"])))
