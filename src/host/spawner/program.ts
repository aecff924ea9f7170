// The spawner's own program, run as `python3 -c PROGRAM`. Why another language: a fork from the
// deploy process copies its page tables, and a Node process that holds a large lab's plan is
// hundreds of MB, so each child cost the event loop 3.6 ms on average inside spawn() (measured:
// 5,452 children, 19.7 s of a 256-node deploy's 38.6 s). Python's subprocess starts children
// with vfork (no page tables copied; a whole `subprocess.run(["/bin/true"])` took 0.66 ms here)
// and does it on threads of its own process, off our event loop. The program is this string
// constant rather than a file, so the build has no asset to copy; the client is client.ts.
//
// One JSON request per line on stdin; one JSON reply per line on stdout, in any order. Each
// request runs on its own thread (the client bounds how many are in flight). EOF on stdin (the
// fabric process ended, however it ended) ends every child still being waited for, so nothing
// outlives a killed fabric but what was started detached on purpose. Node holders have a request
// of their own (holder-program.ts).
import { HOLDER_PROGRAM } from "./holder-program.js";

export const SPAWNER_PROGRAM = String.raw`
import errno, json, os, select, shutil, subprocess, sys, threading

write_lock = threading.Lock()
running = {}
running_lock = threading.Lock()

def reply(obj):
    data = (json.dumps(obj) + "\n").encode()
    with write_lock:
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()

def text(b):
    return b.decode("utf-8", "replace") if b else ""

def environment(req):
    mode = req.get("envMode", "inherit")
    if mode == "replace":
        return dict(req.get("env") or {})
    env = dict(os.environ)
    env.update(req.get("env") or {})
    return env

def run(req):
    rid = req["id"]
    env = environment(req)
    file = req["file"]
    exe = file if "/" in file else shutil.which(file, path=env.get("PATH") or os.environ.get("PATH"))
    if exe is None:
        reply({"id": rid, "error": "ENOENT", "message": "spawn " + file + " ENOENT"})
        return
    data = req.get("input")
    log = None
    try:
        if req.get("stderrFile"):
            log = open(req["stderrFile"], "ab")
        p = subprocess.Popen(
            [file] + req["args"], executable=exe, env=env, cwd=req.get("cwd"),
            stdin=subprocess.PIPE if data else subprocess.DEVNULL,
            stdout=subprocess.PIPE, stderr=log if log else subprocess.PIPE,
            start_new_session=bool(req.get("detached")), close_fds=True)
    except OSError as e:
        reply({"id": rid, "error": errno_name(e), "message": str(e)})
        return
    finally:
        if log:
            log.close()
    detached = bool(req.get("detached"))
    if req.get("untilStdoutCloses"):
        # A long-running process that reports on stdout (its pid, say) and then closes it: reply
        # with what it said, then once more when it exits, for as long as this spawner lives.
        out = p.stdout.read()
        p.stdout.close()
        reply({"id": rid, "pid": p.pid, "timedOut": False, "code": None, "signal": None,
               "stdout": text(out), "stderr": "", "running": True})
        watch_exit(rid, p)
        return
    if not detached:
        with running_lock:
            running[rid] = p
    timeout = req.get("timeoutMs")
    timed_out = False
    try:
        out, err = p.communicate(data.encode() if data else None, timeout / 1000 if timeout else None)
    except subprocess.TimeoutExpired as e:
        timed_out = True
        if detached:
            # A holder that did not say ready in time: hand back what it said (its pid, perhaps);
            # the client ends it by that pid. Reap it in the background whenever it goes.
            out, err = e.output, e.stderr
            p.stdout.close()
            threading.Thread(target=p.wait, daemon=True).start()
        else:
            p.terminate()
            try:
                out, err = p.communicate(timeout=5)
            except subprocess.TimeoutExpired:
                p.kill()
                out, err = p.communicate()
    with running_lock:
        running.pop(rid, None)
    code = p.returncode
    reply({"id": rid, "pid": p.pid, "timedOut": timed_out,
           "code": code if code is not None and code >= 0 else None,
           "signal": -code if code is not None and code < 0 else None,
           "stdout": text(out), "stderr": text(err)})

# Exits of long-running processes, told as a second reply. One thread waits on all of them
# through pidfds: a thread each would be a task each (a pid of kernel.pid_max), thousands in a
# lab of thousands of pods.
watch_lock = threading.Lock()
watched = {}
watch_poll = None

def tell_exit(rid, code):
    reply({"id": rid, "exited": True,
           "code": code if code >= 0 else None, "signal": -code if code < 0 else None})

def watch_exit(rid, p):
    global watch_poll
    try:
        fd = os.pidfd_open(p.pid)
    except (AttributeError, OSError):
        # No pidfds (a kernel before 5.3): this thread waits for this one.
        tell_exit(rid, p.wait())
        return
    with watch_lock:
        if watch_poll is None:
            watch_poll = select.epoll()
            threading.Thread(target=exit_watcher, daemon=True).start()
        watched[fd] = (rid, p)
        watch_poll.register(fd, select.EPOLLIN)

def exit_watcher():
    while True:
        for fd, _ in watch_poll.poll():
            with watch_lock:
                rid, p = watched.pop(fd)
                watch_poll.unregister(fd)
            os.close(fd)
            tell_exit(rid, p.wait())

def errno_name(e):
    return errno.errorcode.get(e.errno, "EIO") if e.errno else "EIO"

def serve(req):
    try:
        if req.get("op") == "holder":
            make_holder(req)
        else:
            run(req)
    except Exception as e:
        reply({"id": req.get("id"), "error": "EIO", "message": "spawner: " + repr(e)})

${HOLDER_PROGRAM}
for line in sys.stdin.buffer:
    req = json.loads(line)
    try:
        threading.Thread(target=serve, args=(req,), daemon=True).start()
    except RuntimeError as e:
        # No thread to be had (the host is out of pids): this request fails, the spawner lives on.
        reply({"id": req.get("id"), "error": "EAGAIN", "message": "spawner: " + str(e)})

with running_lock:
    for p in running.values():
        try:
            p.terminate()
        except OSError:
            pass
`;
