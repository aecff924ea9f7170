#!/usr/bin/env bash
# Build the images the docker runtime's tests, benchmarks and our examples use, without any
# registry: no registry is reachable from CI or sessions (DESIGN.md §6), so each image is a Debian
# bookworm root made by debootstrap and imported into the local dockerd.
#
#   scripts/build-images.sh [TAG]     # default fabric-frr:bookworm; prints the tag
#   scripts/build-images.sh --seed    # also the stand-ins for the images the seed lab and our
#                                     # examples name; prints the three tags
#
# fabric-frr:bookworm holds FRR and the tools the labs' exec lines and checks call (ip, iptables,
# ping, traceroute, ps). The stand-ins (built only where these tags are absent; on a machine with a
# registry, `docker pull` fetches the real images instead and this script leaves them alone):
#   frrouting/frr:v8.2.2      the FRR image above under the seed's tag: Debian's frr package has
#                             /usr/lib/frr/frrinit.sh and /etc/frr/daemons where the real image
#                             keeps them, so the seed's exec lines run unchanged (FRR 8.4, not 8.2.2)
#   nicolaka/netshoot:latest  iproute2, ping, traceroute, curl, tcpdump (netshoot has many more)
#
# Cached by tag: when dockerd already has a tag, nothing is built for it, so a second run is
# instant. Set FABRIC_REBUILD_IMAGE=1 to rebuild. Needs root, debootstrap and a running dockerd.
set -euo pipefail

mirror="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
FRR_PACKAGES=frr,frr-pythontools,iproute2,iptables,iputils-ping,traceroute,procps
NETSHOOT_PACKAGES=iproute2,iputils-ping,traceroute,curl,tcpdump,procps,iptables,dnsutils

present() {
  [ "${FABRIC_REBUILD_IMAGE:-0}" != "1" ] && docker image inspect "$1" >/dev/null 2>&1
}

# build TAG PACKAGES: a minbase bookworm with PACKAGES, imported as TAG (unless present).
build() {
  local tag="$1" packages="$2" root
  present "$tag" && return 0
  for tool in debootstrap docker; do
    command -v "$tool" >/dev/null || { echo "build-images: $tool is missing (scripts/setup installs it)" >&2; exit 1; }
  done
  root="$(mktemp -d /var/tmp/fabric-image.XXXXXX)"
  # shellcheck disable=SC2064 # expand now: each build has its own root
  trap "rm -rf '$root'" EXIT
  echo "build-images: debootstrap bookworm ($packages) into $root" >&2
  debootstrap --variant=minbase --include="$packages" bookworm "$root" "$mirror" >&2
  # The image is a node, not a build box: apt's caches only make it bigger.
  rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/*
  tar -C "$root" -c . | docker import \
    --change 'CMD ["/bin/bash"]' \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    - "$tag" >&2
  rm -rf "$root"
  trap - EXIT
}

# alias SOURCE TAG: TAG names the same image as SOURCE (unless TAG is present, e.g. pulled).
alias_image() {
  present "$2" && return 0
  docker tag "$1" "$2"
}

if [ "${1:-}" = "--seed" ]; then
  build fabric-frr:bookworm "$FRR_PACKAGES"
  alias_image fabric-frr:bookworm frrouting/frr:v8.2.2
  build nicolaka/netshoot:latest "$NETSHOOT_PACKAGES"
  printf '%s\n' fabric-frr:bookworm frrouting/frr:v8.2.2 nicolaka/netshoot:latest
  exit 0
fi

tag="${1:-fabric-frr:bookworm}"
build "$tag" "$FRR_PACKAGES"
echo "$tag"
