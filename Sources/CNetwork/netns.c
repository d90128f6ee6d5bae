#define _GNU_SOURCE
#include "cnetwork.h"

#ifdef __linux__
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

int cnetwork_setns(int fd, int nstype) { return setns(fd, nstype); }

int cnetwork_unshare(int flags) { return unshare(flags); }

int cnetwork_pipe2(int fds[2], int flags) { return pipe2(fds, flags); }

int cnetwork_accept4(int fd, void *address, unsigned int *length, int flags) {
    return accept4(fd, address, (socklen_t *)length, flags);
}

// Runs in the clone child, which shares our memory and runs while the parent waits (CLONE_VFORK):
// raw syscalls only, and the result travels in the exit status.
static int pin_child(void *arg) {
    const char *path = arg;
    if (syscall(SYS_unshare, CLONE_NEWNET) != 0) _exit(errno);
    if (syscall(SYS_mount, "/proc/self/ns/net", path, "none", MS_BIND, NULL) != 0) _exit(errno);
    _exit(0);
}

int cnetwork_netns_create(const char *path) {
    // A CLONE_VM child costs the same whatever the size of the daemon (fork does not).
    const size_t size = 64 * 1024;
    char *stack = malloc(size);
    if (stack == NULL) return -1;
    pid_t pid = clone(pin_child, stack + size, CLONE_VM | CLONE_VFORK | SIGCHLD, (void *)path);
    int saved = errno;
    if (pid < 0) {
        free(stack);
        errno = saved;
        return -1;
    }
    int status = 0;
    while (waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR) {
            saved = errno;
            free(stack);
            errno = saved;
            return -1;
        }
    }
    free(stack);
    if (!WIFEXITED(status)) {
        errno = ECHILD;
        return -1;
    }
    if (WEXITSTATUS(status) != 0) {
        errno = WEXITSTATUS(status);
        return -1;
    }
    return 0;
}

int cnetwork_make_shared_mount(const char *path) {
    if (mount("none", path, NULL, MS_SHARED | MS_REC, NULL) == 0) return 0;
    if (errno != EINVAL) return -1;
    // Not a mount point yet: bind it onto itself first (as iproute2 does for /run/netns).
    if (mount(path, path, "none", MS_BIND | MS_REC, NULL) != 0) return -1;
    return mount("none", path, NULL, MS_SHARED | MS_REC, NULL);
}

int cnetwork_netlink_socket(int netns_fd) {
    int original = -1;
    if (netns_fd >= 0) {
        original = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
        if (original < 0) return -1;
        if (setns(netns_fd, CLONE_NEWNET) != 0) {
            int saved = errno;
            close(original);
            errno = saved;
            return -1;
        }
    }
    int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
    int saved = errno;
    if (fd >= 0) {
        struct sockaddr_nl local = {.nl_family = AF_NETLINK};
        if (bind(fd, (struct sockaddr *)&local, sizeof local) != 0) {
            saved = errno;
            close(fd);
            fd = -1;
        }
    }
    if (original >= 0) {
        // Switching back cannot fail for a namespace we came from; if it did, the thread would
        // stay in the container's namespace, so abort rather than go on.
        if (setns(original, CLONE_NEWNET) != 0) abort();
        close(original);
    }
    errno = saved;
    return fd;
}
#endif
