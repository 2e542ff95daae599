"""Signature helper for the old Web SDK (1.9.x) join page, API key + API secret.

Kept from the Flask app; run as a script it prints the signature for the
meeting given in the environment.
"""
import base64
import hashlib
import hmac
import os
import time


def generate_signature(api_key, api_secret, meeting_number, role):
    # Zoom wants milliseconds, 30 s in the past to absorb clock drift.
    timestamp = int(round(time.time() * 1000)) - 30000
    message = base64.b64encode((api_key + str(meeting_number) + str(timestamp) + str(role)).encode("utf-8"))
    digest = hmac.new(api_secret.encode("utf-8"), message, hashlib.sha256).digest()
    hashed = base64.b64encode(digest).decode("utf-8")

    raw = "%s.%s.%s.%s.%s" % (api_key, meeting_number, timestamp, role, hashed)
    return base64.urlsafe_b64encode(raw.encode("utf-8")).decode("utf-8").rstrip("=")


if __name__ == "__main__":
    print(
        generate_signature(
            os.environ["ZOOM_SDK_KEY"],
            os.environ["ZOOM_SDK_SECRET"],
            os.environ["MEETING_NUMBER"],
            int(os.environ["ROLE"]),
        )
    )
