# Meeting SDK signature assembled in f-strings, each segment in the standard base64 alphabet
# with padding. The fix must keep the f-strings valid on Python 3.8-3.11, which reject the
# f-string's own quote inside its expressions.
import base64
import hashlib
import hmac
import json
import os
import time

HEADER = {"alg": "HS256", "typ": "JWT"}


def signature(sdk_key, sdk_secret, meeting_number, role):
    iat = int(time.time()) - 30
    exp = iat + 60 * 60 * 2
    payload = {
        "appKey": sdk_key,
        "sdkKey": sdk_key,
        "mn": meeting_number,
        "role": role,
        "iat": iat,
        "exp": exp,
        "tokenExp": exp,
    }
    unsigned = f"{base64.b64encode(json.dumps(HEADER).encode()).decode()}.{base64.b64encode(json.dumps(payload).encode()).decode()}"
    digest = hmac.new(sdk_secret.encode(), unsigned.encode(), hashlib.sha256).digest()
    return f"{unsigned}.{base64.b64encode(digest).decode()}"


print(signature(os.environ["ZOOM_SDK_KEY"], os.environ["ZOOM_SDK_SECRET"], os.environ["MEETING_NUMBER"], int(os.environ["ROLE"])))
