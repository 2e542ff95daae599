"""Signature endpoint for the old Web SDK (1.9.x) join page.

The browser posts the meeting number and role; we answer with the signature
ZoomMtg.join() expects. Credentials come from the JWT app in the Marketplace.
"""
import base64
import hashlib
import hmac
import os
import time

from flask import Blueprint, abort, jsonify, request

bp = Blueprint("zoom", __name__, url_prefix="/zoom")

API_KEY = os.environ.get("ZOOM_API_KEY", "")
API_SECRET = os.environ.get("ZOOM_API_SECRET", "")


@bp.route("/signature", methods=["POST"])
def signature():
    data = request.get_json(silent=True) or {}
    meeting_number = str(data.get("meetingNumber", "")).replace(" ", "")
    role = int(data.get("role", 0))
    if not meeting_number.isdigit():
        abort(400)

    # Zoom wants milliseconds, 30 s in the past to absorb clock drift.
    timestamp = int(round(time.time() * 1000)) - 30000
    message = base64.b64encode((API_KEY + meeting_number + str(timestamp) + str(role)).encode("utf-8"))
    digest = hmac.new(API_SECRET.encode("utf-8"), message, hashlib.sha256).digest()  # expect: SIG001
    hashed = base64.b64encode(digest).decode("utf-8")

    raw = ".".join([API_KEY, meeting_number, str(timestamp), str(role), hashed])
    sig = base64.urlsafe_b64encode(raw.encode("utf-8")).decode("utf-8").rstrip("=")
    return jsonify(signature=sig, apiKey=API_KEY)
