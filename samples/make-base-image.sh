#!/bin/sh
# Builds the sample base image berth.local/busybox:latest offline from Debian's busybox-static:
# /bin/busybox plus one symlink per applet, /etc/passwd and /etc/group (root, nobody), /tmp.
# Usage: samples/make-base-image.sh [--root STATE_ROOT]   (BERTH=path/to/berth to pick the binary)
set -eu

berth=${BERTH:-berth}
busybox=/bin/busybox
# A dynamically linked busybox (Debian's busybox package) would not run in a rootfs without libc.
if ! dpkg -s busybox-static >/dev/null 2>&1 || ! [ -x "$busybox" ]; then
    echo "make-base-image: needs Debian's busybox-static (apt-get install -y busybox-static)" >&2
    exit 1
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
rootfs=$work/rootfs
mkdir -p "$rootfs/bin" "$rootfs/etc" "$rootfs/tmp" "$rootfs/root" "$rootfs/proc" "$rootfs/sys" "$rootfs/dev"
cp "$busybox" "$rootfs/bin/busybox"
for applet in $("$busybox" --list); do
    [ "$applet" = busybox ] || ln -s busybox "$rootfs/bin/$applet"
done
cat > "$rootfs/etc/passwd" <<'PASSWD'
root:x:0:0:root:/root:/bin/sh
nobody:x:65534:65534:nobody:/nonexistent:/bin/false
PASSWD
cat > "$rootfs/etc/group" <<'GROUP'
root:x:0:
nogroup:x:65534:
GROUP
chmod 1777 "$rootfs/tmp"
chmod 700 "$rootfs/root"
tar --numeric-owner --owner=0 --group=0 --sort=name --mtime=@0 -C "$rootfs" -cf "$work/rootfs.tar" .

"$berth" image import "$@" --change 'CMD ["sh"]' "$work/rootfs.tar" berth.local/busybox:latest
