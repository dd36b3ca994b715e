#!/bin/bash
# Builds a Debian bookworm root filesystem tarball with debootstrap (variant minbase) and optional
# extra packages, from the Debian mirror this machine's apt is configured with.
#
#   debian.sh OUT.tar [PACKAGE...]
#   debian.sh --mirror      prints the mirror it would use (tests check it answers before they build)
#
# Environment: MIRROR overrides the mirror URL, SUITE the release (default bookworm), TMPDIR the place
# of the temporary tree (default /var/tmp). Needs root: debootstrap creates files of every owner.
set -euo pipefail

usage() {
    echo "usage: $0 OUT.tar [PACKAGE...]" >&2
    echo "  Builds a Debian ${SUITE:-bookworm} (minbase) rootfs tarball, with PACKAGEs installed." >&2
    exit 2
}

[ $# -ge 1 ] || usage
case "$1" in --mirror) ;; -h | --help | "" | -*) usage ;; esac
out=$1
shift
packages=("$@")
suite=${SUITE:-bookworm}

if [ "$(id -u)" -ne 0 ]; then
    echo "$0: must run as root (debootstrap)" >&2
    exit 1
fi
for tool in debootstrap tar mount umount; do
    command -v "$tool" >/dev/null || { echo "$0: $tool is missing (apt-get install $tool)" >&2; exit 1; }
done

# Prints the URI of the first enabled "deb" source that carries the given suite, reading both the
# one-line format (sources.list, *.list) and deb822 (*.sources).
apt_uri_for() {
    local want=$1 file
    for file in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
        [ -f "$file" ] || continue
        awk -v want="$want" '
            $1 == "deb" {
                i = 2
                if ($i ~ /^\[/) { while (i <= NF && $i !~ /\]$/) i++; i++ }
                if ($(i + 1) == want) { print $i; exit }
            }' "$file"
    done
    for file in /etc/apt/sources.list.d/*.sources; do
        [ -f "$file" ] || continue
        awk -v want="$want" '
            function flush() {
                if (deb && enabled && has_suite && uri != "") { print uri; found = 1 }
                deb = 0; enabled = 1; has_suite = 0; uri = ""
            }
            BEGIN { enabled = 1 }
            /^[ \t]*#/ { next }
            /^[ \t]*$/ { flush(); if (found) exit; next }
            tolower($1) == "types:"   { for (i = 2; i <= NF; i++) if ($i == "deb") deb = 1 }
            tolower($1) == "enabled:" { if (tolower($2) == "no") enabled = 0 }
            tolower($1) == "suites:"  { for (i = 2; i <= NF; i++) if ($i == want) has_suite = 1 }
            tolower($1) == "uris:"    { uri = $2 }
            END { if (!found) flush() }' "$file"
    done
}

mirror=${MIRROR:-$(apt_uri_for "$suite" | head -n1)}
if [ -z "$mirror" ]; then
    echo "$0: no apt source for $suite found in /etc/apt; set MIRROR=http://deb.debian.org/debian" >&2
    exit 1
fi
if [ "$out" = --mirror ]; then
    echo "$mirror"
    exit 0
fi
updates=$(apt_uri_for "$suite-updates" | head -n1)
security=$(apt_uri_for "$suite-security" | head -n1)

work=$(mktemp -d "${TMPDIR:-/var/tmp}/minirun-debian.XXXXXX")
root=$work/rootfs
tmp_out=

# Unmounts everything below the tree (deepest first), then removes it. If something stays mounted,
# the tree is left in place rather than deleting through a mount into the host.
cleanup() {
    local status=$?
    local mounts
    mounts=$(awk -v root="$root" '$5 == root || index($5, root "/") == 1 { print $5 }' /proc/self/mountinfo | sort -r)
    local m
    for m in $mounts; do
        umount "$m" 2>/dev/null || umount -l "$m" || true
    done
    if awk -v root="$root" '$5 == root || index($5, root "/") == 1 { found = 1 } END { exit !found }' /proc/self/mountinfo; then
        echo "$0: still mounted below $root; not removing $work" >&2
    else
        rm -rf --one-file-system "$work"
    fi
    [ -z "$tmp_out" ] || rm -f "$tmp_out"
    exit "$status"
}
trap cleanup EXIT
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 143' TERM

echo "$0: debootstrap $suite (minbase) from $mirror" >&2
if ! debootstrap --variant=minbase "$suite" "$root" "$mirror" >"$work/debootstrap.out" 2>&1; then
    tail -n 20 "$work/debootstrap.out" >&2
    [ -f "$root/debootstrap/debootstrap.log" ] && tail -n 20 "$root/debootstrap/debootstrap.log" >&2
    echo "$0: debootstrap failed" >&2
    exit 1
fi

{
    echo "deb $mirror $suite main"
    [ -z "$updates" ] || echo "deb $updates $suite-updates main"
    [ -z "$security" ] || echo "deb $security $suite-security main"
} >"$root/etc/apt/sources.list"

if [ ${#packages[@]} -gt 0 ]; then
    echo "$0: installing ${packages[*]}" >&2
    mount -t proc proc "$root/proc"
    # No daemon may start inside the build chroot.
    printf '#!/bin/sh\nexit 101\n' >"$root/usr/sbin/policy-rc.d"
    chmod 0755 "$root/usr/sbin/policy-rc.d"
    chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin DEBIAN_FRONTEND=noninteractive \
        apt-get -q update >&2
    chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin DEBIAN_FRONTEND=noninteractive \
        apt-get -q install -y --no-install-recommends "${packages[@]}" >&2
    rm -f "$root/usr/sbin/policy-rc.d"
    umount "$root/proc"
fi

# Leave out what is specific to this build host or only a cache: apt lists and archives, logs, the
# host's resolv.conf and hostname that debootstrap copied (the runtime bind-mounts its own), and the
# device nodes in /dev (the runtime mounts a /dev; without nodes the image imports unprivileged too).
chroot "$root" /usr/bin/apt-get clean
rm -rf "$root"/var/lib/apt/lists/* "$root"/var/cache/apt/*.bin "$root"/tmp/* "$root"/var/tmp/*
find "$root/var/log" -type f -delete
find "$root/dev" -mindepth 1 -delete
: >"$root/etc/resolv.conf"
echo localhost >"$root/etc/hostname"
chmod 0644 "$root/etc/resolv.conf" "$root/etc/hostname"
rm -f "$root/etc/machine-id" "$root/var/lib/dbus/machine-id"

tmp_out=$(mktemp "$(dirname -- "$out")/.debian.tar.XXXXXX")
tar --create --file="$tmp_out" --directory="$root" --one-file-system \
    --format=posix --pax-option=exthdr.name=%d/PaxHeaders/%f,delete=atime,delete=ctime \
    --sort=name --numeric-owner --xattrs --xattrs-include='*' --acls \
    .
chmod 0644 "$tmp_out"
mv -f "$tmp_out" "$out"
tmp_out=
echo "$out: Debian $suite minbase${packages:+ + ${packages[*]}}, $(du -sh --apparent-size "$out" | cut -f1), sha256 $(sha256sum "$out" | cut -d' ' -f1)" >&2
