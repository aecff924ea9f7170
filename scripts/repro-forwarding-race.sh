#!/bin/bash
# The kernel race behind a node left with forwarding half on (src/nodes/linux.ts, setsForwarding):
# two concurrent writes of net.ipv4.ip_forward=1 in one fresh network namespace while rtnl is busy
# (veths made and removed in another namespace). A round is bad when ip_forward reads 1 but the
# namespace's default and lo forwarding read 0. Root; namespaces pfrace-*, removed at the end.
#   scripts/repro-forwarding-race.sh [ROUNDS]      (kernel 6.18: 12 bad of 300; one writer: 0)
set -u
ip netns add pfrace-hammer
( while :; do ip -n pfrace-hammer link add pfh0 type veth peer name pfh1 2>/dev/null; ip -n pfrace-hammer link del pfh0 2>/dev/null; done ) &
H=$!
bad=0; n=${1:-200}
for i in $(seq 1 $n); do
  ip netns add pfrace-t
  ip netns exec pfrace-t sysctl -qw net.ipv4.ip_forward=1 & a=$!
  ip netns exec pfrace-t sysctl -qw net.ipv4.ip_forward=1 & b=$!
  wait $a $b
  f=$(ip netns exec pfrace-t cat /proc/sys/net/ipv4/ip_forward /proc/sys/net/ipv4/conf/default/forwarding /proc/sys/net/ipv4/conf/lo/forwarding | tr '\n' ' ')
  [ "$f" != "1 1 1 " ] && { bad=$((bad+1)); echo "round $i: ip_forward default lo = $f"; }
  ip netns del pfrace-t
done
kill $H; wait $H 2>/dev/null
ip netns del pfrace-hammer
echo "$bad of $n rounds left forwarding half on"
