#!/usr/bin/env bash
# Build the node image the docker runtime's tests and benchmarks use, without any registry: no
# registry is reachable from CI or sessions (DESIGN.md §6), so the image is a Debian bookworm
# root made by debootstrap and imported into the local dockerd. It holds FRR and the tools the
# lab's exec lines and checks call (ip, iptables, ping, traceroute, ps).
#
#   scripts/build-images.sh [TAG]        # default fabric-frr:bookworm; prints the tag
#
# Cached by tag: when dockerd already has TAG this does nothing, so a second run is instant.
# Set FABRIC_REBUILD_IMAGE=1 to rebuild. Needs root, debootstrap and a running dockerd.
set -euo pipefail

tag="${1:-fabric-frr:bookworm}"
mirror="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
packages=frr,frr-pythontools,iproute2,iptables,iputils-ping,traceroute,procps

if [ "${FABRIC_REBUILD_IMAGE:-0}" != "1" ] && docker image inspect "$tag" >/dev/null 2>&1; then
  echo "$tag"
  exit 0
fi
for tool in debootstrap docker; do
  command -v "$tool" >/dev/null || { echo "build-images: $tool is missing (scripts/setup installs it)" >&2; exit 1; }
done

root="$(mktemp -d /var/tmp/fabric-image.XXXXXX)"
trap 'rm -rf "$root"' EXIT
echo "build-images: debootstrap bookworm ($packages) into $root" >&2
debootstrap --variant=minbase --include="$packages" bookworm "$root" "$mirror" >&2
# The image is a node, not a build box: apt's caches only make it bigger.
rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/*
tar -C "$root" -c . | docker import \
  --change 'CMD ["/bin/bash"]' \
  --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  - "$tag" >&2
echo "$tag"
