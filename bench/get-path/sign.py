#!/usr/bin/env python3
"""Signing helper for bench/get-path: prints request headers (one "Name: value" per line) for a GET
of PATH on HOST, signed as an SDK would sign it, so wrk can replay the same signed request.

  sign.py qsign  SECRET_ID SECRET_KEY HOST PATH     q-sign over host, 1 h KeyTime (docs/spec/protocol.md §2.1)
  sign.py sigv4  SECRET_ID SECRET_KEY HOST PATH REGION   header SigV4 over host;x-amz-content-sha256;x-amz-date
  sign.py sigv4-put SECRET_ID SECRET_KEY HOST PATH REGION FILE|-  (PUT with the body's SHA-256; curl sends it)

A q-sign signature is valid for its whole KeyTime and a SigV4 one for 15 minutes around x-amz-date
(AUTH-6), so replaying it for one cell is what an SDK reusing its signer costs the server: every
request is still fully verified (no server cache of signatures, only of derived keys)."""
import datetime, hashlib, hmac, sys, time, urllib.parse

def qsign(sid, sk, host, path):
    now = int(time.time())
    t = f"{now - 60};{now + 3600}"
    sign_key = hmac.new(sk.encode(), t.encode(), hashlib.sha1).hexdigest()
    http = f"get\n{path}\n\nhost={urllib.parse.quote(host, safe='')}\n"
    sts = f"sha1\n{t}\n{hashlib.sha1(http.encode()).hexdigest()}\n"
    sig = hmac.new(sign_key.encode(), sts.encode(), hashlib.sha1).hexdigest()
    return [("Authorization", f"q-sign-algorithm=sha1&q-ak={sid}&q-sign-time={t}&q-key-time={t}"
             f"&q-header-list=host&q-url-param-list=&q-signature={sig}")]

def sigv4(sid, sk, host, path, region, method="GET", payload_hash="UNSIGNED-PAYLOAD"):
    now = datetime.datetime.now(datetime.timezone.utc)
    amz, day = now.strftime("%Y%m%dT%H%M%SZ"), now.strftime("%Y%m%d")
    path, _, query = path.partition("?")  # a bare subresource (?policy) canonicalises as "policy="
    query = "&".join(sorted(p if "=" in p else p + "=" for p in query.split("&") if p))
    canon = "\n".join([method, urllib.parse.quote(path, safe="/-_.~"), query,
                       f"host:{host}", f"x-amz-content-sha256:{payload_hash}", f"x-amz-date:{amz}", "",
                       "host;x-amz-content-sha256;x-amz-date", payload_hash])
    scope = f"{day}/{region}/s3/aws4_request"
    sts = "\n".join(["AWS4-HMAC-SHA256", amz, scope, hashlib.sha256(canon.encode()).hexdigest()])
    k = ("AWS4" + sk).encode()
    for part in (day, region, "s3", "aws4_request"):
        k = hmac.new(k, part.encode(), hashlib.sha256).digest()
    sig = hmac.new(k, sts.encode(), hashlib.sha256).hexdigest()
    return [("x-amz-date", amz), ("x-amz-content-sha256", payload_hash),
            ("Authorization", f"AWS4-HMAC-SHA256 Credential={sid}/{scope}, "
             f"SignedHeaders=host;x-amz-content-sha256;x-amz-date, Signature={sig}")]

if __name__ == "__main__":
    mode, a = sys.argv[1], sys.argv[2:]
    if mode == "qsign":
        hs = qsign(*a[:4])
    elif mode == "sigv4":
        hs = sigv4(*a[:5])
    elif mode == "sigv4-put":
        data = sys.stdin.buffer.read() if a[5] == "-" else open(a[5], "rb").read()
        hs = sigv4(*a[:5], method="PUT", payload_hash=hashlib.sha256(data).hexdigest())
    else:
        sys.exit("usage: sign.py qsign|sigv4|sigv4-put ...")
    for k, v in hs:
        print(f"{k}: {v}")
