"""Meeting SDK auth endpoint, same claims as Zoom's meetingsdk-auth-endpoint-sample."""
import os
import time

import jwt
from dotenv import load_dotenv
from flask import Flask, jsonify, request
from flask_cors import CORS

load_dotenv()

app = Flask(__name__)
CORS(app)

ZOOM_MEETING_SDK_KEY = os.getenv("ZOOM_MEETING_SDK_KEY")
ZOOM_MEETING_SDK_SECRET = os.getenv("ZOOM_MEETING_SDK_SECRET")


@app.route("/", methods=["POST"])
def signature():
    body = request.get_json() or {}
    meeting_number = body.get("meetingNumber")
    role = body.get("role")
    expiration_seconds = body.get("expirationSeconds")
    if meeting_number is None or role is None:
        return jsonify(errors=["meetingNumber and role are required"]), 400

    iat = int(time.time()) - 30
    exp = iat + expiration_seconds if expiration_seconds else iat + 60 * 60 * 2
    header = {"alg": "HS256", "typ": "JWT"}
    payload = {
        "appKey": ZOOM_MEETING_SDK_KEY,
        "sdkKey": ZOOM_MEETING_SDK_KEY,
        "mn": meeting_number,
        "role": role,
        "iat": iat,
        "exp": exp,
        "tokenExp": exp,
    }
    token = jwt.encode(payload, ZOOM_MEETING_SDK_SECRET, algorithm="HS256", headers=header)
    return jsonify(signature=token, sdkKey=ZOOM_MEETING_SDK_KEY)


if __name__ == "__main__":
    app.run(port=int(os.getenv("PORT", "4000")))
