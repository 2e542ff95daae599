"""Tokens for APIs other than the Meeting SDK: GitHub App, our internal
reporting service, and the partner booking API. None of them is a Zoom token."""
import os
import time
from pathlib import Path

import jwt
import requests

GITHUB_APP_ID = os.environ["GITHUB_APP_ID"]
PRIVATE_KEY = Path(os.environ["GITHUB_APP_PRIVATE_KEY_PATH"]).read_text()


def github_app_jwt():
    now = int(time.time())
    payload = {"iat": now - 60, "exp": now + 600, "iss": GITHUB_APP_ID}
    return jwt.encode(payload, PRIVATE_KEY, algorithm="RS256")


def reporting_service_token(user_id):
    iat = int(time.time())
    return jwt.encode(
        {"sub": str(user_id), "aud": "reporting", "iat": iat, "exp": iat + 600},
        os.environ["REPORTING_JWT_SECRET"],
        algorithm="HS256",
    )


def booking_partner_token(room_id, role="guest"):
    # The partner API calls its client id "appKey" and has roles of its own.
    now = int(time.time() * 1000)
    claims = {"appKey": os.environ["BOOKING_APP_KEY"], "room": room_id, "role": role, "iat": now, "exp": now + 60_000}
    return jwt.encode(claims, os.environ["BOOKING_APP_SECRET"], algorithm="HS512")


def list_installations():
    headers = {"Authorization": f"Bearer {github_app_jwt()}", "Accept": "application/vnd.github+json"}
    return requests.get("https://api.github.com/app/installations", headers=headers, timeout=10).json()
