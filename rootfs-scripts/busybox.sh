#!/bin/bash
# Builds a busybox root filesystem tarball from Debian's busybox-static: /bin/busybox, a relative
# symlink for every applet, a minimal /etc and the usual top-level directories.
#
# The tarball is reproducible: entries sorted by name, owner 0:0 (numeric), fixed modes, and every
# mtime set to SOURCE_DATE_EPOCH or, without it, to the mtime of /bin/busybox from the package.
# Same busybox package in, same bytes (and sha256, the image ID) out.
set -euo pipefail

usage() {
    echo "usage: $0 OUT.tar" >&2
    echo "  Builds a busybox rootfs tarball from Debian's busybox-static." >&2
    exit 2
}

[ $# -eq 1 ] || usage
case "$1" in -h | --help | "") usage ;; esac
out=$1
busybox=/bin/busybox

if ! dpkg-query -W -f '${Status}' busybox-static 2>/dev/null | grep -q 'install ok installed'; then
    if [ "$(id -u)" -ne 0 ]; then
        echo "$0: busybox-static is not installed; install it with: apt-get install busybox-static" >&2
        exit 1
    fi
    echo "$0: installing busybox-static" >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y busybox-static >&2 ||
        { apt-get update >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y busybox-static >&2; }
fi
if [ ! -x "$busybox" ]; then
    echo "$0: $busybox from busybox-static is missing" >&2
    exit 1
fi

epoch=${SOURCE_DATE_EPOCH:-$(stat -c %Y "$busybox")}

work=$(mktemp -d "${TMPDIR:-/tmp}/minirun-busybox.XXXXXX")
cleanup() { rm -rf "$work"; }
trap cleanup EXIT
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 143' TERM
root=$work/rootfs

# Directories, then files; modes set explicitly so that the caller's umask does not leak in.
install -d -m 0755 "$root"
for dir in bin sbin usr usr/bin usr/sbin etc home proc sys dev var run; do
    install -d -m 0755 "$root/$dir"
done
install -d -m 0700 "$root/root"
install -d -m 1777 "$root/tmp"

install -m 0755 "$busybox" "$root/bin/busybox"

# One symlink per applet, relative so that it also resolves when the rootfs is inspected from the
# host (an absolute /bin/busybox would point at the host's).
"$busybox" --list-full | while read -r applet; do
    case "$applet" in
    bin/busybox) continue ;;
    */*) dir=${applet%/*} ;;
    *) dir= ;;
    esac
    up=
    rest=$dir
    while [ -n "$rest" ]; do
        up=../$up
        case "$rest" in */*) rest=${rest%/*} ;; *) rest= ;; esac
    done
    [ -d "$root/$dir" ] || install -d -m 0755 "$root/$dir"
    if [ "$dir" = bin ]; then
        ln -sfn busybox "$root/$applet"
    else
        ln -sfn "${up}bin/busybox" "$root/$applet"
    fi
done

cat > "$root/etc/passwd" <<'EOF'
root:x:0:0:root:/root:/bin/sh
nobody:x:65534:65534:nobody:/nonexistent:/sbin/nologin
EOF
cat > "$root/etc/group" <<'EOF'
root:x:0:
nogroup:x:65534:
EOF
# glibc 2.36, which busybox-static is linked with statically, has the files and dns NSS modules built
# in and already looks in /etc/hosts before DNS without this file; it is here to pin that order
# (older glibc defaults put dns first).
cat > "$root/etc/nsswitch.conf" <<'EOF'
passwd: files
group: files
hosts: files dns
EOF
# The runtime bind-mounts a generated /etc/hosts over this one. Without any, nothing resolves
# "localhost" in a plain chroot: static glibc does not synthesize it.
cat > "$root/etc/hosts" <<'EOF'
127.0.0.1	localhost
::1	localhost ip6-localhost ip6-loopback
EOF
chmod 0644 "$root/etc/passwd" "$root/etc/group" "$root/etc/nsswitch.conf" "$root/etc/hosts"

# Write to a temporary name next to the output, then rename: no half-written OUT.tar on failure.
tmp_out=$(mktemp "$(dirname -- "$out")/.busybox.tar.XXXXXX")
trap 'rm -f "$tmp_out"; cleanup' EXIT
tar --create --file="$tmp_out" --directory="$root" \
    --format=ustar --sort=name --numeric-owner --owner=0 --group=0 \
    --mtime="@$epoch" --no-acls --no-xattrs --no-selinux \
    .
chmod 0644 "$tmp_out"
mv -f "$tmp_out" "$out"
trap cleanup EXIT
echo "$out: busybox-static $(dpkg-query -W -f '${Version}' busybox-static), sha256 $(sha256sum "$out" | cut -d' ' -f1)" >&2
