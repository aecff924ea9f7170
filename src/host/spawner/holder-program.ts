// The spawner's way of starting a node's holder without running a program per step.
//
// host/unshare.ts's HOLDER_SCRIPT sets a node up with a shell that runs mount, mkdir, install,
// pivot_root, hostname, ip, umount and rmdir: about twenty programs per node. On this VM each
// start of a dynamically linked program costs ~0.7–1 ms of CPU before it does anything (much of it
// the loader probing CPU features, which traps to the hypervisor): `perf record -a` of a 256-node
// deploy put 32 % of the machine's CPU in those setup programs. Here the spawner forks (no exec)
// and its child makes the same system calls itself, through ctypes, then execs the reaper: one
// exec per node instead of twenty.
//
// The same steps, in the same order, with the same words (unshare.ts's mountArgs): this is a
// second interpreter of one encoding, and test/integration/runtime/holder-methods.test.ts
// compares the nodes the two make. The fork happens on a spawner thread: the children touch no
// lock another thread could hold (no imports, no buffered files, only os.* and ctypes calls on
// objects made before the fork) and leave through os._exit.
//
// Two processes, as with unshare(1): the first leaves the spawner's session, enters the template
// mount namespace (and the network namespace to share, for `network-mode: container:X`), unshares
// the node's namespaces, forks the node's pid 1, prints its pid as the host sees it and exits.
// pid 1 builds the filesystem, prints `ready` and execs catatonit. Anything that fails is written
// to the holder's log (stderr) and ends the process before `ready`, as `set -e` does.
export const HOLDER_PROGRAM = String.raw`
import ctypes, fcntl, select, socket, struct, time

libc = ctypes.CDLL(None, use_errno=True)
CLONE_NEWNS, CLONE_NEWUTS, CLONE_NEWIPC = 0x00020000, 0x04000000, 0x08000000
CLONE_NEWPID, CLONE_NEWNET = 0x20000000, 0x40000000
MS_RDONLY, MS_NOSUID, MS_NODEV, MS_NOEXEC, MS_REMOUNT = 1, 2, 4, 8, 32
MS_BIND, MS_REC, MS_SLAVE = 4096, 16384, 1 << 19
MNT_DETACH = 2
SIOCGIFFLAGS, SIOCSIFFLAGS, IFF_UP = 0x8913, 0x8914, 1
# glibc has no pivot_root(2) wrapper; the syscall's number is per architecture.
PIVOT_ROOT = {"x86_64": 155, "aarch64": 41}.get(os.uname().machine)
MAX_FD = os.sysconf("SC_OPEN_MAX")

def c_str(s):
    return s.encode() if s is not None else None

def check(rc, what):
    if rc != 0:
        e = ctypes.get_errno()
        raise OSError(e, what + ": " + os.strerror(e))

def do_mount(source, target, fstype, flags, data):
    check(libc.mount(c_str(source), c_str(target), c_str(fstype), ctypes.c_ulong(flags), c_str(data)),
          "mount " + target)

def lo_up():
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        req = struct.pack("16sH22x", b"lo", 0)
        flags = struct.unpack("16sH22x", fcntl.ioctl(s, SIOCGIFFLAGS, req))[1]
        fcntl.ioctl(s, SIOCSIFFLAGS, struct.pack("16sH22x", b"lo", flags | IFF_UP))
    finally:
        s.close()

def pid_one(h, host_at, reaper, marker):
    # A session of its own: the first process's session would otherwise outlive it, and a
    # session keeps its leader's pid taken (kernel.pid_max) for as long as any member lives —
    # one pid per node for the life of the lab, 12,354 of 32,768 at 4,096 nodes.
    os.setsid()
    stage = h["stage"]
    do_mount("fabric-node", stage, "tmpfs", 0, "size=%d,mode=0755" % h["sizeBytes"])
    for d in ("root", "upper", "work", "private", "upper/0", "work/0"):
        os.mkdir(stage + "/" + d)
    do_mount("fabric-root", stage + "/root", "overlay", 0,
             "lowerdir=/,upperdir=%s/upper/0,workdir=%s/work/0" % (stage, stage))
    os.mkdir(stage + "/root" + host_at)
    os.chdir(stage + "/root")
    check(libc.syscall(PIVOT_ROOT, b".", c_str("." + host_at)), "pivot_root")
    os.chdir("/")
    stage = host_at + stage
    do_mount("proc", "/proc", "proc", MS_NOSUID | MS_NOEXEC | MS_NODEV, None)
    do_mount("sysfs", "/sys", "sysfs", 0, None)
    do_mount(host_at + "/dev", "/dev", None, MS_BIND | MS_REC, None)
    name = c_str(h["hostname"])
    check(libc.sethostname(name, len(name)), "sethostname")
    if h["ownNetwork"]:
        lo_up()
    for step in h["steps"]:
        kind = step[0]
        if kind == "overlay":
            target, n = step[1], step[2]
            os.mkdir(stage + "/upper/" + n)
            os.mkdir(stage + "/work/" + n)
            do_mount("fabric-root", target, "overlay", 0, "lowerdir=%s%s,upperdir=%s/upper/%s,workdir=%s/work/%s"
                     % (host_at, target, stage, n, stage, n))
        elif kind == "private":
            target, n, uid, gid, mode = step[1], step[2], int(step[3]), int(step[4]), int(step[5], 8)
            private = stage + "/private/" + n
            os.makedirs(private, exist_ok=True)
            os.chown(private, uid, gid)
            os.chmod(private, mode)
            if not os.path.isdir(target):
                os.makedirs(target)
            do_mount(private, target, None, MS_BIND, None)
        elif kind == "dir":
            if not os.path.exists(step[1]):
                os.makedirs(step[1])
        elif kind == "file":
            if not os.path.exists(step[1]):
                os.makedirs(os.path.dirname(step[1]) or "/", exist_ok=True)
                os.close(os.open(step[1], os.O_WRONLY | os.O_CREAT, 0o644))
        elif kind in ("bind", "bind-ro"):
            source, target = host_at + step[1], step[2]
            do_mount(source, target, None, MS_BIND, None)
            if kind == "bind-ro":
                # As mount(8) does for -o bind,ro: a bind mount takes read-only only on a remount.
                do_mount(None, target, None, MS_REMOUNT | MS_BIND | MS_RDONLY, None)
        else:
            raise ValueError("unknown step " + kind)
    check(libc.umount2(c_str(host_at), MNT_DETACH), "umount " + host_at)
    os.rmdir(host_at)
    os.write(1, b"ready\n")
    os.dup2(0, 1)
    os.execvp(reaper, [reaper, "-P", "--", marker, h["id"]])

def first_process(h, fds, host_at, reaper, marker):
    report, log, null, mnt, net = fds
    os.dup2(null, 0)
    os.dup2(report, 1)
    os.dup2(log, 2)
    os.setsid()
    if mnt >= 0:
        check(libc.setns(mnt, CLONE_NEWNS), "setns into the template mount namespace")
    if net >= 0:
        check(libc.setns(net, CLONE_NEWNET), "setns into " + h["joinNetns"])
    # Whatever else the spawner had open (another holder's report pipe, forked at the same moment,
    # would otherwise not see its end until this node is ready) is not the node's.
    os.closerange(3, MAX_FD)
    flags = CLONE_NEWNS | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWPID
    if h["ownNetwork"]:
        flags |= CLONE_NEWNET
    check(libc.unshare(flags), "unshare")
    # As unshare --propagation slave: the host's unmounts still reach the node, its mounts never
    # leak out, and pivot_root accepts the root.
    do_mount(None, "/", None, MS_REC | MS_SLAVE, None)
    pid = os.fork()
    if pid == 0:
        leave(lambda: pid_one(h, host_at, reaper, marker))
    os.write(1, b"pid %d\n" % pid)

def leave(body):
    code = 0
    try:
        body()
    except BaseException as e:
        code = 1
        try:
            os.write(2, ("fabric-holder: %s\n" % e).encode())
        except BaseException:
            pass
    os._exit(code)

def make_holder(req):
    rid, h = req["id"], req["holder"]
    if PIVOT_ROOT is None:
        reply({"id": rid, "error": "ENOSYS", "message": "pivot_root: unknown on " + os.uname().machine})
        return
    opened = []
    def keep(fd):
        opened.append(fd)
        return fd
    try:
        r, w = os.pipe()
        opened += [r, w]
        log = keep(os.open(req["stderrFile"], os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_CLOEXEC, 0o644))
        null = keep(os.open("/dev/null", os.O_RDWR | os.O_CLOEXEC))
        mnt = keep(os.open("/proc/%d/ns/mnt" % h["templatePid"], os.O_RDONLY | os.O_CLOEXEC)) if h.get("templatePid") else -1
        net = keep(os.open(h["joinNetns"], os.O_RDONLY | os.O_CLOEXEC)) if h.get("joinNetns") else -1
    except OSError as e:
        for fd in opened:
            os.close(fd)
        reply({"id": rid, "error": errno_name(e), "message": str(e)})
        return
    pid = os.fork()
    if pid == 0:
        leave(lambda: first_process(h, (w, log, null, mnt, net), req["hostAt"], req["reaper"], req["marker"]))
    for fd in opened:
        if fd != r:
            os.close(fd)
    out, timed_out = b"", False
    deadline = time.monotonic() + req["timeoutMs"] / 1000
    while True:
        left = deadline - time.monotonic()
        if left <= 0 or not select.select([r], [], [], left)[0]:
            timed_out = True
            break
        chunk = os.read(r, 4096)
        if not chunk:
            break
        out += chunk
    os.close(r)
    if timed_out:
        # As for a detached command: hand back what it said; the client ends it by that pid.
        threading.Thread(target=os.waitpid, args=(pid, 0), daemon=True).start()
        code = None
    else:
        code = os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])
    reply({"id": rid, "pid": pid, "timedOut": timed_out,
           "code": code if code is not None and code >= 0 else None,
           "signal": -code if code is not None and code < 0 else None,
           "stdout": text(out), "stderr": ""})
`;
