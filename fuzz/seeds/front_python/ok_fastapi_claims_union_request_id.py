"""app/zoom/signature.py -- Meeting SDK signature endpoint (FastAPI, Python 3.11).

The key claims are shared by every token and merged into the per-meeting
claims; the response carries a request id and the signing time for the logs.
"""
import logging
import os
import time

import jwt
from fastapi import APIRouter
from pydantic import BaseModel

log = logging.getLogger("zoom.signature")
router = APIRouter()

SDK_KEY = os.environ["ZOOM_MEETING_SDK_KEY"]
SDK_SECRET = os.environ["ZOOM_MEETING_SDK_SECRET"]
KEY_CLAIMS = {"appKey": SDK_KEY, "sdkKey": SDK_KEY}
TOKEN_TTL = 60 * 60 * 2


class SignatureRequest(BaseModel):
    meetingNumber: str
    role: int = 0


@router.post("/signature")
def signature(req: SignatureRequest):
    started = time.time()
    request_id = str(time.time()).replace(".", "-")
    iat = int(time.time()) - 30
    exp = iat + TOKEN_TTL
    claims = KEY_CLAIMS | {
        "mn": req.meetingNumber,
        "role": 1 if req.role == 1 else 0,
        "iat": iat,
        "exp": exp,
        "tokenExp": exp,
    }
    token = jwt.encode(claims, SDK_SECRET, algorithm="HS256")
    log.info("signed %s in %.1f ms", request_id, (time.time() - started) * 1000)
    return {"signature": token, "sdkKey": SDK_KEY, "requestId": request_id}


@router.post("/signature/native")
def native_signature():
    iat = int(time.time()) - 30
    claims = {"iat": iat, "exp": iat + TOKEN_TTL, "tokenExp": iat + TOKEN_TTL}
    claims.update(appKey=SDK_KEY, sdkKey=SDK_KEY)
    return {"token": jwt.encode(claims, SDK_SECRET, algorithm="HS256")}
