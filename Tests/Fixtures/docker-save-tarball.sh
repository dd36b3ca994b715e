#!/usr/bin/env bash
# Makes a `docker save` tarball with a real Docker (Debian's docker.io: dockerd 20.10, which writes
# the Docker 24-and-older layout), for the load tests:
#   docker-save-tarball.sh BUSYBOX.tar OUT.tar
# It starts a dockerd of its own - data, exec root, pidfile and socket in a temporary directory, no
# bridge, no iptables, no IP forwarding or masquerading, its own containerd namespace - so that it
# touches nothing of the host's network and no other Docker. Into it: `docker import` of the busybox
# rootfs, then a legacy-builder build (no network) whose first RUN adds a file and a directory and
# whose second deletes the file and replaces the directory (an ordinary whiteout and an opaque
# directory in the second layer), with ENV, WORKDIR, USER, ENTRYPOINT and CMD; `docker save` of it
# as minirun-docker-test:1. The daemon is stopped and its directory removed on every way out.
# Exit status 77 with the reason on stderr when the machine cannot run dockerd.
set -euo pipefail
busybox=$(realpath "$1") out=$2
docker=/usr/bin/docker  # Debian's client, matching its daemon (another docker on PATH may be newer)
for tool in /usr/sbin/dockerd "$docker" /usr/bin/containerd /usr/sbin/runc; do
  [ -x "$tool" ] || { echo "$tool is not installed (scripts/deps installs docker.io)" >&2; exit 77; }
done

work=$(mktemp -d /var/tmp/minirun-dockerd.XXXXXX)
socket=$work/docker.sock
# The build's containers go into cgroups of this run's own (not Docker's usual docker/), removed at the end.
cgroup=${work##*/}
daemon=
stop() {
  if [ -n "$daemon" ] && kill -0 "$daemon" 2>/dev/null; then
    kill -TERM "$daemon" 2>/dev/null || true
    for _ in $(seq 100); do kill -0 "$daemon" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$daemon" 2>/dev/null || true
  fi
  # The daemon's own containerd and shims, should any outlive it.
  for pid in $(pgrep -f "$work/" || true); do kill -KILL "$pid" 2>/dev/null || true; done
  { grep " $work/" /proc/self/mounts || true; } | cut -d' ' -f2 | sort -r | while read -r mount; do umount -l "$mount" 2>/dev/null || true; done
  rm -rf "$work"
  for directory in /sys/fs/cgroup/*/"$cgroup" /sys/fs/cgroup/"$cgroup"; do
    [ -d "$directory" ] && find "$directory" -depth -type d -exec rmdir {} + 2>/dev/null || true
  done
}
trap stop EXIT

/usr/sbin/dockerd --data-root "$work/data" --exec-root "$work/exec" --pidfile "$work/docker.pid" \
  -H "unix://$socket" --bridge=none --iptables=false --ip-masq=false --ip-forward=false --ip6tables=false \
  --containerd-namespace minirun-test --containerd-plugins-namespace minirun-test-plugins \
  --cgroup-parent "/$cgroup" --storage-driver overlay2 >"$work/dockerd.log" 2>&1 &
daemon=$!
export DOCKER_HOST=unix://$socket DOCKER_BUILDKIT=0 DOCKER_CONFIG=$work/client
for _ in $(seq 300); do
  "$docker" version >/dev/null 2>&1 && break
  kill -0 "$daemon" 2>/dev/null || break
  sleep 0.1
done
if ! "$docker" version >/dev/null 2>&1; then
  echo "dockerd did not start: $(tail -n 3 "$work/dockerd.log" | tr '\n' ' ')" >&2
  exit 77
fi

"$docker" import "$busybox" minirun-docker-base:1 >/dev/null
mkdir "$work/context"
cat >"$work/context/Dockerfile" <<'EOF'
FROM minirun-docker-base:1
RUN mkdir -p /srv/data && echo old > /srv/data/old && echo doomed > /etc/doomed && chown -R 1000:1000 /srv/data
RUN rm /etc/doomed && rm -rf /srv/data && mkdir /srv/data && echo new > /srv/data/new && chown -R 1000:1000 /srv/data
ENV GREETING=hello-from-docker
WORKDIR /srv/data
USER 1000:1000
ENTRYPOINT ["/bin/sh", "-c"]
CMD ["echo $GREETING; pwd; id -u; ls -A"]
EOF
if ! "$docker" build -q --network none -t minirun-docker-test:1 "$work/context" >"$work/build.log" 2>&1; then
  echo "docker build failed: $(tail -n 3 "$work/build.log" | tr '\n' ' ')" >&2
  exit 77
fi
"$docker" save -o "$out" minirun-docker-test:1
