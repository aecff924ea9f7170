import { describe, expect, it } from "vitest";
import type { NodeSpec } from "../../../../src/runtime/types.js";
import {
  containerCreateOptions,
  effectiveCommand,
  KEEPALIVE,
} from "../../../../src/runtime/docker/create-options.js";
import { DockerManagementNetwork } from "../../../../src/runtime/docker/network.js";
import { shellWords } from "../../../../src/runtime/docker/shell-words.js";
import { FakeDockerApi } from "./fake-docker-api.js";

const net = new DockerManagementNetwork(new FakeDockerApi()).plan("bgp", "172.20.20.0/24");
const spec: NodeSpec = {
  lab: "bgp",
  name: "tor0",
  hostname: "tor0",
  env: { FOO: "bar baz" },
  binds: [
    { source: "/srv/a", target: "/a", readOnly: true },
    { source: "/srv/b", target: "/b", readOnly: false },
  ],
  privateDirs: [],
  image: "fabric-frr:bookworm",
  cmd: "bash",
  labels: { app: "frr" },
  mgmt: { network: net, address: "172.20.20.3/24" },
};
const bash = { entrypoint: [], cmd: ["bash"] };

describe("shell words", () => {
  it("splits as a shell would, without expanding anything", () => {
    expect(shellWords("sleep infinity")).toEqual(["sleep", "infinity"]);
    expect(shellWords(`sh -c 'echo "$HOME" && true'`)).toEqual(["sh", "-c", 'echo "$HOME" && true']);
    expect(shellWords(`a\\ b "c \\"d\\"" ''`)).toEqual(["a b", 'c "d"', ""]);
    expect(() => shellWords("sh -c 'oops")).toThrow(/unterminated/);
  });
});

describe("the command a container runs", () => {
  it("keeps the image's command when the node names none", () => {
    expect(effectiveCommand({}, { entrypoint: ["/init"], cmd: ["frr"] })).toEqual({ keepalive: false });
  });

  it("replaces only the CMD with `cmd`, and both with `entrypoint` (Docker drops the image's CMD then)", () => {
    expect(effectiveCommand({ cmd: "bash" }, { entrypoint: ["/init"], cmd: ["frr"] })).toEqual({
      cmd: ["bash"],
      keepalive: false,
    });
    expect(effectiveCommand({ entrypoint: "/bin/sh -c" }, { entrypoint: [], cmd: ["frr"] })).toEqual({
      entrypoint: ["/bin/sh", "-c"],
      keepalive: false,
    });
  });

  it("keeps a container with nothing to run alive, so exec can enter it", () => {
    expect(effectiveCommand({}, { entrypoint: [], cmd: [] })).toEqual({
      entrypoint: [],
      cmd: [...KEEPALIVE],
      keepalive: true,
    });
    expect(effectiveCommand({ entrypoint: "" }, { entrypoint: [], cmd: ["bash"] }).keepalive).toBe(true);
  });
});

describe("container create options", () => {
  it("carries name, image, labels, env, binds, hostname, a terminal, and the static management address", () => {
    const o = containerCreateOptions({
      spec,
      name: "clab-bgp-tor0",
      image: "fabric-frr:bookworm",
      imageCommand: bash,
      privileges: "capabilities",
    });
    expect(o).toMatchObject({
      name: "clab-bgp-tor0",
      Image: "fabric-frr:bookworm",
      Hostname: "tor0",
      Env: ["FOO=bar baz"],
      Cmd: ["bash"],
      Tty: true,
      OpenStdin: true,
      Labels: { app: "frr", "fabric.lab": "bgp", "fabric.node": "tor0", containerlab: "bgp" },
      HostConfig: {
        Binds: ["/srv/a:/a:ro", "/srv/b:/b"],
        NetworkMode: "fabric-bgp",
        RestartPolicy: { Name: "no" },
      },
      NetworkingConfig: { EndpointsConfig: { "fabric-bgp": { IPAMConfig: { IPv4Address: "172.20.20.3" } } } },
    });
    expect(o.Entrypoint).toBeUndefined();
  });

  it("runs privileged when the daemon allows it, else with the capability set and a writable /proc/sys", () => {
    const base = { spec, name: "n", image: "i", imageCommand: bash };
    const privileged = containerCreateOptions({ ...base, privileges: "privileged" }).HostConfig;
    expect(privileged?.Privileged).toBe(true);
    expect(privileged?.CapAdd).toBeUndefined();
    const caps = containerCreateOptions({ ...base, privileges: "capabilities" }).HostConfig;
    expect(caps?.Privileged).toBeUndefined();
    expect(caps?.CapAdd).toEqual(["NET_ADMIN", "NET_RAW", "SYS_ADMIN"]);
    expect(caps?.ReadonlyPaths).not.toContain("/proc/sys");
    expect(caps?.ReadonlyPaths).toContain("/proc/sysrq-trigger");
  });

  it("maps network-mode container:X to Docker's own, without what Docker refuses alongside it", () => {
    const o = containerCreateOptions({
      spec,
      name: "clab-bgp-app",
      image: "i",
      imageCommand: bash,
      privileges: "capabilities",
      sharesWith: "clab-bgp-tor0",
    });
    expect(o.HostConfig?.NetworkMode).toBe("container:clab-bgp-tor0");
    expect(o.Hostname).toBeUndefined();
    expect(o.HostConfig?.Sysctls).toBeUndefined();
    expect(o.NetworkingConfig).toBeUndefined();
  });

  it("keeps IPv6 on for veths moved in later (BGP unnumbered needs link-local addresses)", () => {
    const o = containerCreateOptions({
      spec,
      name: "n",
      image: "i",
      imageCommand: bash,
      privileges: "privileged",
    });
    expect(o.HostConfig?.Sysctls).toEqual({
      "net.ipv6.conf.all.disable_ipv6": "0",
      "net.ipv6.conf.default.disable_ipv6": "0",
    });
  });
});

describe("a container with neither a management network nor a shared one", () => {
  it("gets no Docker network at all: an emulated Kubernetes node or pod has only fabric's veths", () => {
    const { mgmt: _none, ...pod } = { ...spec, name: "netshoot-abcde", image: "nicolaka/netshoot:latest" };
    const o = containerCreateOptions({
      spec: pod,
      name: "clab-bgp-netshoot-abcde",
      image: "nicolaka/netshoot:latest",
      imageCommand: bash,
      privileges: "capabilities",
    });
    expect(o.HostConfig?.NetworkMode).toBe("none");
    expect(o.NetworkingConfig).toBeUndefined();
    expect(o.Hostname).toBe("tor0");
  });
});
