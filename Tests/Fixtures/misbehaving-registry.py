#!/usr/bin/env python3
"""A registry that misbehaves on purpose, for the pull tests' bad-input cases. On 127.0.0.1 (its port
on the first line of stdout) it asks for a Bearer token from its own /token, then by repository:
  status/CODE   every manifest request answers CODE (500, 429, ...) with the spec's error JSON
  closed        every manifest request gets the connection closed without an answer
  loop          every manifest request is redirected to itself
  cut           a good manifest whose layer download stops halfway (the connection closes)
  redirected    a good manifest whose layer is redirected to a second server on 127.0.0.2 (its port
                on the second line), which refuses any request carrying an Authorization header
  slow          a good image with a 4 MiB layer sent in 64 KiB pieces 20 ms apart (a test kills the
                pull halfway)
  wrongdiff     a good layer whose image config names another diff_id
"""
import gzip, hashlib, http.server, io, json, os, sys, tarfile, threading, time


def make_image(content, diff_id=None):
    data = io.BytesIO()
    with tarfile.open(fileobj=data, mode="w") as tar:
        info = tarfile.TarInfo("hello")
        info.size = len(content)
        tar.addfile(info, io.BytesIO(content))
    layer_tar = data.getvalue()
    layer = gzip.compress(layer_tar, mtime=0)
    digest = lambda b: "sha256:" + hashlib.sha256(b).hexdigest()
    config = json.dumps({"architecture": "amd64", "os": "linux",
                         "rootfs": {"type": "layers", "diff_ids": [diff_id or digest(layer_tar)]}}).encode()
    manifest = json.dumps({
        "schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
        "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "digest": digest(config), "size": len(config)},
        "layers": [{"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip", "digest": digest(layer), "size": len(layer)}],
    }).encode()
    return manifest, {digest(config): config, digest(layer): layer}


MANIFEST, BLOBS = make_image(b"hello from the misbehaving registry\n")
SLOW_MANIFEST, SLOW_BLOBS = make_image(os.urandom(4 << 20))
BLOBS.update(SLOW_BLOBS)
WRONG_DIFF_MANIFEST, WRONG_DIFF_BLOBS = make_image(b"hello from the misbehaving registry\n", diff_id="sha256:" + "0" * 64)
BLOBS.update(WRONG_DIFF_BLOBS)
MANIFESTS = {"slow": SLOW_MANIFEST, "wrongdiff": WRONG_DIFF_MANIFEST}
ports = {}


class Registry(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def answer(self, code, body=b"", content_type="application/json", headers=()):
        self.send_response(code)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        path = self.path
        if path.startswith("/token"):
            return self.answer(200, b'{"token": "fake-token"}')
        if self.headers.get("Authorization") != "Bearer fake-token":
            realm = f'Bearer realm="http://127.0.0.1:{ports["main"]}/token",service="fake"'
            return self.answer(401, b'{"errors":[{"code":"UNAUTHORIZED","message":"authentication required"}]}',
                               headers=[("WWW-Authenticate", realm)])
        if path == "/v2/":
            return self.answer(200, b"{}")
        parts = path.split("/")  # "", "v2", NAME..., "manifests"|"blobs", REF
        name, kind, ref = "/".join(parts[2:-2]), parts[-2], parts[-1]
        if name.startswith("status/"):
            code = int(name.split("/")[1])
            return self.answer(code, json.dumps({"errors": [{"code": "FAKE", "message": f"fake failure {code}"}]}).encode())
        if name == "closed":
            self.close_connection = True
            self.connection.shutdown(2)
            return
        if name == "loop":
            return self.answer(302, headers=[("Location", path)])
        if kind == "manifests":
            return self.answer(200, MANIFESTS.get(name, MANIFEST), "application/vnd.oci.image.manifest.v1+json")
        blob = BLOBS.get(ref)
        if blob is None:
            return self.answer(404, b'{"errors":[{"code":"BLOB_UNKNOWN","message":"blob unknown"}]}')
        if name == "redirected" and blob is not MANIFEST and ref != json.loads(MANIFEST)["config"]["digest"]:
            return self.answer(307, headers=[("Location", f"http://127.0.0.2:{ports['other']}/storage/{ref}")])
        if name == "cut" and ref != json.loads(MANIFEST)["config"]["digest"]:
            self.send_response(200)
            self.send_header("Content-Length", str(len(blob)))
            self.end_headers()
            self.wfile.write(blob[: len(blob) // 2])
            self.wfile.flush()
            self.close_connection = True
            self.connection.shutdown(2)
            return
        if name == "slow" and ref in SLOW_BLOBS and len(blob) > 1 << 20:
            self.send_response(200)
            self.send_header("Content-Length", str(len(blob)))
            self.end_headers()
            for start in range(0, len(blob), 64 << 10):
                self.wfile.write(blob[start:start + (64 << 10)])
                self.wfile.flush()
                time.sleep(0.02)
            return
        return self.answer(200, blob, "application/octet-stream")

    def log_message(self, *_):
        pass


class Storage(Registry):
    def do_GET(self):
        if "Authorization" in self.headers:
            return self.answer(400, b"the registry's Authorization header reached another host")
        blob = BLOBS.get(self.path.split("/")[-1])
        return self.answer(200, blob, "application/octet-stream") if blob else self.answer(404)


main = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Registry)
other = http.server.ThreadingHTTPServer(("127.0.0.2", 0), Storage)
ports["main"], ports["other"] = main.server_address[1], other.server_address[1]
threading.Thread(target=other.serve_forever, daemon=True).start()
print(ports["main"], flush=True)
print(ports["other"], flush=True)
main.serve_forever()
