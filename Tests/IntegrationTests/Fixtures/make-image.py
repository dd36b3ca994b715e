#!/usr/bin/env python3
"""Writes a layered test image from a rootfs tarball, in the formats `minirun load` reads.

  make-image.py BASE.tar OUT --format docker24|docker25|oci-tar|oci-dir [--compression none|gzip|zstd]
                [--layers N] [--name REPO:TAG] [--fault digest|truncate|hostile|media-type|platform|link-out]
                [--filler-bytes N] [--also REPO:TAG]

The image: BASE as its bottom layer; a layer "files" with /data/keep/old, /data/gone, a setuid
file owned by 1234:5678 with an xattr, a hard link and a symlink to it; a layer "changes" that
deletes /data/gone (.wh.gone) and replaces /data/keep (opaque whiteout, listed before the
directory itself) with /data/keep/new; then filler layers adding /layers/N until there are N
(with --filler-bytes, each also /layers/N.data: that many bytes of hex text, which gzip halves,
for bench/images.sh's large image).
A config with Env, WorkingDir and Cmd. --fault breaks it in one way for the bad-input tests.
--also (docker24 only) adds a second image of the same layers and Cmd ["echo", "also"] whose
<id>/layer.tar are symlinks to the first's, as Docker 24 saves two images that share layers.
"""
import argparse, gzip, hashlib, io, json, os, platform, shutil, subprocess, sys, tarfile, tempfile

def sha(data):
    return "sha256:" + hashlib.sha256(data).hexdigest()

def tar_bytes(entries):
    """entries: list of (TarInfo, bytes or None)."""
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w", format=tarfile.PAX_FORMAT) as t:
        for info, data in entries:
            t.addfile(info, io.BytesIO(data) if data is not None else None)
    return out.getvalue()

def entry(name, kind=tarfile.REGTYPE, data=None, mode=0o644, uid=0, gid=0, link="", xattrs=None):
    info = tarfile.TarInfo(name)
    info.type, info.mode, info.uid, info.gid, info.linkname, info.mtime = kind, mode, uid, gid, link, 1700000000
    if data is not None:
        info.size = len(data)
    if xattrs:
        info.pax_headers = {"SCHILY.xattr." + k: v for k, v in xattrs.items()}
    return (info, data)

def directory(name, mode=0o755):
    return entry(name, tarfile.DIRTYPE, mode=mode)

def filler(n, size):
    """Files of filler layer n: /layers/N, and /layers/N.data of `size` bytes when size > 0."""
    files = [directory("layers"), entry("layers/%d" % n, data=b"%d\n" % n)]
    if size > 0:
        files.append(entry("layers/%d.data" % n, data=os.urandom((size + 1) // 2).hex().encode()[:size]))
    return files

def layers(base, count, fault, filler_bytes=0):
    files = [directory("data"), directory("data/keep"), entry("data/keep/old", data=b"old\n"),
             entry("data/gone", data=b"gone\n"),
             entry("data/suid", data=b"#!/bin/sh\necho suid\n", mode=0o4755, uid=1234, gid=5678,
                   xattrs={"user.minirun": "test"}),
             entry("data/hard", tarfile.LNKTYPE, link="data/suid"),
             entry("data/soft", tarfile.SYMTYPE, link="suid")]
    if fault == "hostile":
        files.append(entry("../evil", data=b"evil\n"))
    changes = [entry("data/.wh.gone", data=b""), entry("data/keep/.wh..wh..opq", data=b""),
               directory("data/keep"), entry("data/keep/new", data=b"new\n")]
    result = [base, tar_bytes(files), tar_bytes(changes)]
    while len(result) < count:
        n = len(result)
        result.append(tar_bytes(filler(n, filler_bytes)))
    return result[:max(count, 1)]

def compress(data, how):
    if how == "gzip":
        return gzip.compress(data, mtime=0)
    if how == "zstd":
        return subprocess.run(["zstd", "-q", "-c"], input=data, stdout=subprocess.PIPE, check=True).stdout
    return data

def go_arch():
    return {"x86_64": "amd64", "aarch64": "arm64"}.get(platform.machine(), platform.machine())

def main():
    p = argparse.ArgumentParser()
    p.add_argument("base"); p.add_argument("out")
    p.add_argument("--format", required=True, choices=["docker24", "docker25", "oci-tar", "oci-dir"])
    p.add_argument("--compression", default="none", choices=["none", "gzip", "zstd"])
    p.add_argument("--layers", type=int, default=3)
    p.add_argument("--name", default="layered:latest")
    p.add_argument("--fault", choices=["digest", "truncate", "hostile", "media-type", "platform", "link-out"])
    p.add_argument("--also")
    p.add_argument("--filler-bytes", type=int, default=0)
    a = p.parse_args()

    with open(a.base, "rb") as f:
        base = f.read()
    plain = layers(base, a.layers, a.fault, a.filler_bytes)
    blobs = [compress(l, a.compression) for l in plain]
    if a.fault == "truncate":
        blobs[1] = blobs[1][: len(blobs[1]) // 2]
    diff_ids = [sha(l) for l in plain]
    digests = [sha(b) for b in blobs]
    if a.fault == "digest":
        # A byte that changes the digest and nothing else: gzip's MTIME (its trailer's CRC-32 and
        # length are checked while unpacking), or a tar's end-of-archive padding.
        at = 4 if blobs[1][:2] == b"\x1f\x8b" else len(blobs[1]) - 1
        blobs[1] = blobs[1][:at] + bytes([blobs[1][at] ^ 1]) + blobs[1][at + 1:]
    if a.fault == "truncate" and a.compression == "none":
        plain[1] = blobs[1]
    config = json.dumps({
        "architecture": go_arch(), "os": "linux", "created": "2024-01-01T00:00:00Z",
        "config": {"Env": ["PATH=/usr/sbin:/usr/bin:/sbin:/bin", "LAYERED=yes"], "WorkingDir": "/data", "Cmd": ["sh"]},
        "rootfs": {"type": "layers", "diff_ids": diff_ids},
        "history": [{"created": "2024-01-01T00:00:00Z", "created_by": "layer %d" % i} for i in range(len(blobs))],
    }).encode()
    suffix = {"none": "", "gzip": "+gzip", "zstd": "+zstd"}[a.compression]
    layer_type = "application/vnd.oci.image.layer.v1.tar" + suffix
    if a.fault == "media-type":
        layer_type = "application/vnd.example.unknown"
    manifest = json.dumps({
        "schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
        "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "digest": sha(config), "size": len(config)},
        "layers": [{"mediaType": layer_type, "digest": d, "size": len(b)} for d, b in zip(digests, blobs)],
    }).encode()
    repo, tag = a.name.rsplit(":", 1)

    files = {}  # path in the output -> bytes
    if a.format == "docker24":
        files[sha(config)[7:] + ".json"] = config
        paths = []
        for i, b in enumerate(blobs):
            layer_id = hashlib.sha256(b"layer %d" % i + digests[i].encode()).hexdigest()
            files[layer_id + "/layer.tar"] = b
            files[layer_id + "/VERSION"] = b"1.0"
            paths.append(layer_id + "/layer.tar")
        if a.fault == "link-out":
            files[paths[1]] = ("link", "../../../../../../etc/hostname")
        images = [{"Config": sha(config)[7:] + ".json", "RepoTags": [a.name], "Layers": paths}]
        if a.also:
            also = json.loads(config)
            also["config"]["Cmd"] = ["echo", "also"]
            also = json.dumps(also).encode()
            files[sha(also)[7:] + ".json"] = also
            linked = []
            for path in paths:
                layer_id = hashlib.sha256(b"also" + path.encode()).hexdigest()
                files[layer_id + "/layer.tar"] = ("link", "../" + path)
                linked.append(layer_id + "/layer.tar")
            images.append({"Config": sha(also)[7:] + ".json", "RepoTags": [a.also], "Layers": linked})
        files["manifest.json"] = json.dumps(images).encode()
        files["repositories"] = json.dumps({repo: {tag: paths[-1].split("/")[0]}}).encode()
    else:
        for d, b in zip(digests, blobs):
            files["blobs/sha256/" + d[7:]] = b
        files["blobs/sha256/" + sha(config)[7:]] = config
        files["blobs/sha256/" + sha(manifest)[7:]] = manifest
        files["oci-layout"] = b'{"imageLayoutVersion":"1.0.0"}'
        this = {"architecture": go_arch(), "os": "linux"}
        if a.fault == "platform":
            this = {"architecture": "s390x", "os": "linux"}
        if a.format == "docker25":
            files["index.json"] = json.dumps({"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json", "manifests": [
                {"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": sha(manifest), "size": len(manifest),
                 "annotations": {"io.containerd.image.name": "docker.io/library/" + a.name, "org.opencontainers.image.ref.name": tag}}]}).encode()
            files["manifest.json"] = json.dumps([{"Config": "blobs/sha256/" + sha(config)[7:], "RepoTags": [a.name],
                                                  "Layers": ["blobs/sha256/" + d[7:] for d in digests]}]).encode()
            files["repositories"] = json.dumps({repo: {tag: digests[-1][7:]}}).encode()
        else:
            # A nested index: the layout's index names an image index with a manifest per platform.
            other = {"architecture": "riscv64", "os": "linux"}
            nested = json.dumps({"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json", "manifests": [
                {"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": sha(manifest), "size": len(manifest), "platform": other},
                {"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": sha(manifest), "size": len(manifest), "platform": this}]}).encode()
            files["blobs/sha256/" + sha(nested)[7:]] = nested
            files["index.json"] = json.dumps({"schemaVersion": 2, "manifests": [
                {"mediaType": "application/vnd.oci.image.index.v1+json", "digest": sha(nested), "size": len(nested),
                 "annotations": {"org.opencontainers.image.ref.name": a.name}}]}).encode()

    if a.format == "oci-dir":
        for path, data in files.items():
            os.makedirs(os.path.dirname(os.path.join(a.out, path)), exist_ok=True)
            with open(os.path.join(a.out, path), "wb") as f:
                f.write(data)
        return
    entries = []
    made = set()
    for path in sorted(files):
        parts = path.split("/")[:-1]
        for i in range(len(parts)):
            d = "/".join(parts[: i + 1])
            if d not in made:
                made.add(d)
                entries.append(directory(d))
        data = files[path]
        if isinstance(data, tuple):
            entries.append(entry(path, tarfile.SYMTYPE, link=data[1]))
        else:
            entries.append(entry(path, data=data))
    with open(a.out, "wb") as f:
        f.write(tar_bytes(entries))

main()
