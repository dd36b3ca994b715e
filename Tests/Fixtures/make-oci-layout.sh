#!/usr/bin/env bash
# Makes an OCI image layout for the registry tests to push with skopeo:
#   make-oci-layout.sh DIR TAG OS/ARCH=LAYER.tar[,LAYER.tar...] [OS/ARCH=...]
# Each OS/ARCH gets an image of its own: the tarballs as gzip layers (bottom first) and a config
# naming the platform and the layers' diff_ids. One platform: index.json names its manifest as TAG.
# Several: index.json names, as TAG, an image index (a manifest list) of them, which
# `skopeo copy --all oci:DIR:TAG docker://...` pushes whole.
set -euo pipefail
dir=$1 tag=$2
shift 2
mkdir -p "$dir/blobs/sha256"
echo '{"imageLayoutVersion":"1.0.0"}' >"$dir/oci-layout"

# Stores stdin as a blob; prints "DIGEST SIZE".
put_blob() {
  local tmp
  tmp=$(mktemp "$dir/blob.XXXXXX")
  cat >"$tmp"
  local hex size
  hex=$(sha256sum "$tmp" | cut -d' ' -f1)
  size=$(stat -c %s "$tmp")
  mv "$tmp" "$dir/blobs/sha256/$hex"
  echo "sha256:$hex $size"
}

manifests=()
for spec in "$@"; do
  platform=${spec%%=*} os=${platform%%/*} arch=${platform#*/}
  IFS=, read -ra tars <<<"${spec#*=}"
  layers=() diff_ids=()
  for tar in "${tars[@]}"; do
    diff_ids+=("\"sha256:$(sha256sum "$tar" | cut -d' ' -f1)\"")
    read -r digest size < <(gzip -n -c "$tar" | put_blob)
    layers+=("{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\",\"digest\":\"$digest\",\"size\":$size}")
  done
  config="{\"architecture\":\"$arch\",\"os\":\"$os\",\"config\":{\"Env\":[\"PATH=/bin\"],\"Cmd\":[\"sh\"]},\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[$(IFS=,; echo "${diff_ids[*]}")]}}"
  read -r config_digest config_size < <(printf '%s' "$config" | put_blob)
  manifest="{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"$config_digest\",\"size\":$config_size},\"layers\":[$(IFS=,; echo "${layers[*]}")]}"
  read -r manifest_digest manifest_size < <(printf '%s' "$manifest" | put_blob)
  manifests+=("{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"$manifest_digest\",\"size\":$manifest_size,\"platform\":{\"architecture\":\"$arch\",\"os\":\"$os\"}}")
done

ref="\"annotations\":{\"org.opencontainers.image.ref.name\":\"$tag\"}"
if ((${#manifests[@]} == 1)); then
  top=${manifests[0]%\}}
  echo "{\"schemaVersion\":2,\"manifests\":[$top,$ref}]}" >"$dir/index.json"
else
  list="{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"manifests\":[$(IFS=,; echo "${manifests[*]}")]}"
  read -r list_digest list_size < <(printf '%s' "$list" | put_blob)
  echo "{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"digest\":\"$list_digest\",\"size\":$list_size,$ref}]}" >"$dir/index.json"
fi
