# zoom_signature.py -- kept from the 2020 integration, imported by the
# webinar tools and the support dashboard.
import base64
import hashlib
import hmac
import time


def generate_signature(data):
    ts = int(round(time.time() * 1000)) - 30000
    msg = data["apiKey"] + str(data["meetingNumber"]) + str(ts) + str(data["role"])
    message = base64.b64encode(bytes(msg, "utf-8"))
    secret = bytes(data["apiSecret"], "utf-8")
    hash = base64.b64encode(hmac.new(secret, message, hashlib.sha256).digest())  # expect: SIG001
    hash = hash.decode("utf-8")
    tmp_string = "%s.%s.%s.%s.%s" % (
        data["apiKey"],
        str(data["meetingNumber"]),
        str(ts),
        str(data["role"]),
        hash,
    )
    signature = base64.b64encode(bytes(tmp_string, "utf-8"))  # expect: SIG004
    signature = signature.decode("utf-8")
    return signature.rstrip("=")
