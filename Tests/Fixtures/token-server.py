#!/usr/bin/env python3
"""A registry token server for the tests: the distribution spec's Bearer flow on loopback.

GET /token?service=S&scope=repository:NAME:ACTIONS answers {"token": JWT} granting the actions, the JWT signed (RS256, by
`openssl dgst`) with the key whose certificate the test registry trusts (auth.token.rootcertbundle),
its "kid" the libtrust key ID the registry looks keys up by. With --user and --password, requests
without those Basic credentials get 401; without them every request gets a token (anonymous pulls).
It prints its port on the first line of stdout and serves until killed.
"""
import argparse, base64, hashlib, http.server, json, subprocess, sys, time, urllib.parse

parser = argparse.ArgumentParser()
parser.add_argument("--key", required=True)
parser.add_argument("--issuer", required=True)
parser.add_argument("--user")
parser.add_argument("--password")
args = parser.parse_args()


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def key_id():
    der = subprocess.run(["openssl", "pkey", "-in", args.key, "-pubout", "-outform", "DER"],
                         check=True, capture_output=True).stdout
    encoded = base64.b32encode(hashlib.sha256(der).digest()[:30]).decode()
    return ":".join(encoded[i:i + 4] for i in range(0, 48, 4))


KID = key_id()


def sign(claims):
    header = b64url(json.dumps({"typ": "JWT", "alg": "RS256", "kid": KID}).encode())
    payload = b64url(json.dumps(claims).encode())
    signing_input = (header + "." + payload).encode()
    signature = subprocess.run(["openssl", "dgst", "-sha256", "-sign", args.key],
                               input=signing_input, check=True, capture_output=True).stdout
    return header + "." + payload + "." + b64url(signature)


class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        url = urllib.parse.urlparse(self.path)
        if url.path != "/token":
            self.send_error(404)
            return
        query = urllib.parse.parse_qs(url.query)
        if args.user is not None:
            expected = "Basic " + base64.b64encode(f"{args.user}:{args.password}".encode()).decode()
            if self.headers.get("Authorization") != expected:
                self.send_response(401)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(b'{"errors":[{"code":"UNAUTHORIZED","message":"bad credentials"}]}')
                return
        access = []
        for scope in query.get("scope", []):
            kind, name, actions = scope.split(":")
            access.append({"type": kind, "name": name, "actions": actions.split(",")})
        now = int(time.time())
        token = sign({"iss": args.issuer, "sub": args.user or "anonymous", "aud": query.get("service", [""])[0],
                      "exp": now + 300, "nbf": now - 10, "iat": now, "jti": str(time.time_ns()), "access": access})
        body = json.dumps({"token": token, "expires_in": 300}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *_):
        pass


server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
print(server.server_address[1], flush=True)
server.serve_forever()
