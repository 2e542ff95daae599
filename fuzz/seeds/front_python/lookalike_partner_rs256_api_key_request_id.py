"""integrations/captions_partner.py -- push Zoom meeting numbers to the live
captioning partner. Their API wants an RS256 JWT with an "apiKey" claim and
an X-Request-Id header; none of this is a Meeting SDK token.
"""
import logging
import os
import time
import uuid

import jwt
import requests

log = logging.getLogger(__name__)

PARTNER_URL = "https://api.captions-partner.example/v3/sessions"
PARTNER_API_KEY = os.environ["CAPTIONS_PARTNER_API_KEY"]
PRIVATE_KEY = open(os.environ["CAPTIONS_PARTNER_KEY_PATH"], "rb").read()
TOKEN_TTL = 300


def _access_token(meeting_number):
    iat = int(time.time())
    payload = {
        "apiKey": PARTNER_API_KEY,
        "iss": "meetings-platform",
        "sub": str(meeting_number),
        "iat": iat,
        "exp": iat + TOKEN_TTL,
        "jti": uuid.uuid4().hex,
    }
    return jwt.encode(payload, PRIVATE_KEY, algorithm="RS256", headers={"kid": os.environ["CAPTIONS_PARTNER_KID"]})


def start_captions(meeting_number, language="en"):
    request_id = str(time.time()).replace(".", "")
    started = time.time()
    response = requests.post(
        PARTNER_URL,
        json={"meetingNumber": meeting_number, "language": language, "requestedAt": time.time()},
        headers={
            "Authorization": f"Bearer {_access_token(meeting_number)}",
            "X-Request-Id": request_id,
        },
        timeout=10,
    )
    elapsed_ms = (time.time() - started) * 1000
    log.info("captions partner answered %s in %.1f ms (request %s)", response.status_code, elapsed_ms, request_id)
    response.raise_for_status()
    return response.json()["sessionId"]
