#define _GNU_SOURCE
#include "clinux.h"
#include "shim.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

// berth-shim: the per-container monitor. See README.md for the options and the protocol.
// fd 3: the container-init channel end (passed on as the child's fd 3).
// fd 4: the report pipe: "ok SHIM_PID INIT_PID\n" or "error ERRNO WHAT\n", then closed.

static int parse(int argc, char **argv, struct shim_options *o) {
    int c;
    o->max_files = 1;
    while ((c = getopt(argc, argv, "xp:d:s:l:S:N:o:i:f:tIej:")) != -1) {
        switch (c) {
        case 'x': o->exec_mode = 1; break;
        case 'p': o->target = (pid_t)atoi(optarg); break;
        case 'd': o->state_dir = optarg; break;
        case 's': o->socket = optarg; break;
        case 'l': o->log = optarg; break;
        case 'S': o->max_size = atoll(optarg); break;
        case 'N': o->max_files = atoi(optarg); break;
        case 'o': o->oom_file = optarg; break;
        case 'i': o->init = optarg; break;
        case 'f': o->flags = strtoull(optarg, NULL, 10); break;
        case 't': o->tty = 1; break;
        case 'I': o->open_stdin = 1; break;
        case 'e': o->ephemeral = 1; break;
        case 'j':
            if (o->join_count == SHIM_MAX_JOIN) {
                return -1;
            }
            o->join[o->join_count++] = optarg;
            break;
        default: return -1;
        }
    }
    return o->init == NULL ? -1 : 0;
}

static void report(const char *text) {
    ssize_t len = (ssize_t)strlen(text);
    while (write(4, text, (size_t)len) < 0 && errno == EINTR) {
    }
}

static int fail(const char *what) {
    char line[256];
    snprintf(line, sizeof line, "error %d %s\n", errno, what);
    report(line);
    return 125;
}

// Leaves the caller's session and process tree: fork, setsid. The caller reaps the first process.
// No second fork: it keeps a daemon from ever getting a controlling terminal by opening a tty, and
// the shim opens none (a pty master arrives over the console socket, which does not make it one).
static void detach(void) {
    if (fork() != 0) {
        _exit(0);
    }
    setsid();
}

// Joins the namespace files given with -j (network, ipc, pid... of another container, or a netns
// file made by the network code) before the clone, so the child starts inside them.
static int join_namespaces(const struct shim_options *o) {
    for (int i = 0; i < o->join_count; i++) {
        int fd = open(o->join[i], O_RDONLY | O_CLOEXEC);
        if (fd < 0 || clinux_setns(fd, 0) != 0) {
            return -1;
        }
        close(fd);
    }
    return 0;
}

// Exec mode: the target's ipc, uts, net, pid and cgroup namespaces. container-init enters the mount
// namespace itself (its loader is not in the container's filesystem) and then the user namespace,
// last: the others belong to the initial user namespace, which a member of the container's has no
// right over.
static int enter_target(pid_t target) {
    static const char *names[] = {"ipc", "uts", "net", "pid", "cgroup"};
    enum { count = sizeof names / sizeof names[0] };
    int fds[count];
    char path[64];
    for (int i = 0; i < count; i++) {
        snprintf(path, sizeof path, "/proc/%d/ns/%s", target, names[i]);
        fds[i] = open(path, O_RDONLY | O_CLOEXEC);
    }
    int rc = 0;
    for (int i = 0; i < count; i++) {
        if (fds[i] >= 0 && clinux_setns(fds[i], 0) != 0) {
            rc = -1;
        }
        if (fds[i] >= 0) {
            close(fds[i]);
        }
    }
    return rc;
}

// Opens stdio for the child: pipes, or with a tty /dev/null and a console socket (container-init
// makes the pty inside the container, from its own devpts, and sends the master back over it).
// mine[] = {stdin writer or -1, stdout reader (the master, later, with a tty), stderr reader or -1}.
static int make_stdio(const struct shim_options *o, int mine[3], int theirs[3], int console[2]) {
    console[0] = console[1] = -1;
    if (o->tty) {
        int null = open("/dev/null", O_RDWR | O_CLOEXEC);
        if (null < 0 || socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, console) != 0) {
            return -1;
        }
        mine[0] = mine[1] = mine[2] = -1;
        theirs[0] = theirs[1] = theirs[2] = null;
        return 0;
    }
    int p[3][2];
    if (o->open_stdin ? pipe2(p[0], O_CLOEXEC) : (p[0][0] = open("/dev/null", O_RDONLY | O_CLOEXEC)) < 0) {
        return -1;
    }
    if (!o->open_stdin) {
        p[0][1] = -1;
    }
    if (pipe2(p[1], O_CLOEXEC) != 0 || pipe2(p[2], O_CLOEXEC) != 0) {
        return -1;
    }
    mine[0] = p[0][1], mine[1] = p[1][0], mine[2] = p[2][0];
    theirs[0] = p[0][0], theirs[1] = p[1][1], theirs[2] = p[2][1];
    return 0;
}

// `console`: container-init's end of the console socket (its fd 4, named by BERTH_CONSOLE_FD), or -1.
static pid_t spawn_init(const struct shim_options *o, int stdio[3], int console, int *pidfd) {
    char *argv[] = {"container-init", NULL};
    // The engine may name the terminal's initial size in the shim's environment (exec's ConsoleSize).
    char size[64] = "";
    if (getenv("BERTH_CONSOLE_SIZE") != NULL) {
        snprintf(size, sizeof size, "BERTH_CONSOLE_SIZE=%s", getenv("BERTH_CONSOLE_SIZE"));
    }
    char *with_console[] = {"BERTH_CONSOLE_FD=4", size[0] ? size : NULL, NULL};
    char *none[] = {NULL};
    struct clinux_spawn_args a = {
        .path = o->init, .argv = argv, .envp = console >= 0 ? with_console : none, .flags = o->flags};
    a.fds[0] = stdio[0], a.fds[1] = stdio[1], a.fds[2] = stdio[2], a.fds[3] = 3, a.fds[4] = console;
    return clinux_spawn(&a, pidfd);
}

static void write_exit(const struct shim_options *o, int status) {
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    char stamp[40], text[256];
    shim_time(stamp, &now);
    snprintf(text, sizeof text, "{\"exitCode\":%d,\"oomKilled\":%s,\"finishedAt\":\"%s\"}\n", status,
             shim_oom_killed(o->oom_file) ? "true" : "false", stamp);
    shim_write_atomic(o->state_dir, "exit.json", text, !o->ephemeral);
}

// Exec mode stays in the foreground: the caller's stdio goes straight to the process, and the
// shim's exit status is the process's.
static int run_exec(const struct shim_options *o) {
    if (enter_target(o->target) != 0) {
        return fail("setns");
    }
    struct shim_options inner = *o;
    inner.flags = 0;
    int stdio[3] = {0, 1, 2}, pidfd = -1;
    // With -t the engine's console socket is fd 5: the master goes straight back to the engine.
    pid_t pid = spawn_init(&inner, stdio, o->tty ? 5 : -1, &pidfd);
    if (pid < 0) {
        return fail("clone");
    }
    char line[64];
    snprintf(line, sizeof line, "ok %d %d\n", getpid(), pid);
    report(line);
    close(4);
    close(3);
    if (o->tty) {
        close(5);
    }
    siginfo_t info = {0};
    while (waitid((idtype_t)3, (id_t)pidfd, &info, WEXITED) < 0 && errno == EINTR) {
    }
    return info.si_code == CLD_EXITED ? info.si_status : 128 + info.si_status;
}

// The master arrives once the engine has sent the spec and container-init has mounted the
// container's devpts; EOF (a setup failure, container-init gone) leaves no terminal to serve, and
// the loop then only waits for the exit.
static void await_console(int console[2], int mine[3]) {
    close(console[1]);
    mine[1] = clinux_recv_fd(console[0], 0);
    close(console[0]);
}

static int run_container(const struct shim_options *o) {
    int mine[3], theirs[3], console[2], pidfd = -1;
    struct shim_log log;
    if (make_stdio(o, mine, theirs, console) != 0) {
        return fail("stdio");
    }
    if (shim_log_open(&log, o->log, o->max_size, o->max_files) != 0) {
        return fail("log");
    }
    int listen_fd = shim_listen(o->socket);
    if (listen_fd < 0) {
        return fail("socket");
    }
    if (join_namespaces(o) != 0) {
        return fail("setns");
    }
    pid_t pid = spawn_init(o, theirs, console[1], &pidfd);
    if (pid < 0) {
        return fail("clone");
    }
    for (int i = 0; i < 3; i++) {
        if (i == 0 || theirs[i] != theirs[i - 1]) {
            close(theirs[i]);
        }
    }
    char line[64];
    snprintf(line, sizeof line, "ok %d %d\n", getpid(), pid);
    report(line);
    close(4);
    close(3);
    if (o->tty) {
        await_console(console, mine);
    }
    int status = shim_serve(o, pidfd, mine, listen_fd, &log);
    write_exit(o, status);
    // An ephemeral container's engine removes the socket's folder with the container, after it
    // answered: the unlink here (0.2 ms) sat between the exit and the engine noticing it.
    if (!o->ephemeral) {
        unlink(o->socket);
    }
    return 0;
}

int main(int argc, char **argv) {
    struct shim_options o = {0};
    signal(SIGPIPE, SIG_IGN);
    if (parse(argc, argv, &o) != 0) {
        errno = EINVAL;
        return fail("usage");
    }
    // Nothing of the engine but fds 0-4 (and the console socket, 5, of an exec with -t) stays open.
    syscall(SYS_close_range, o.exec_mode && o.tty ? 6U : 5U, ~0U, 0U);
    if (o.exec_mode) {
        return run_exec(&o);
    }
    if (o.state_dir == NULL || o.socket == NULL || o.log == NULL) {
        errno = EINVAL;
        return fail("usage");
    }
    detach();
    return run_container(&o);
}
