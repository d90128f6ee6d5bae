#define _GNU_SOURCE
#ifdef __linux__
#include "clinux.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/fsuid.h>
#include <sys/mount.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef AT_RECURSIVE
#define AT_RECURSIVE 0x8000
#endif

// What the helper child reports: its errno (0 when it is in the new user namespace) and its pid
// as the caller's /proc names it (read from /proc/self, so a caller in a new pid namespace whose
// /proc is still the host's gets the host pid).
struct userns_report {
    int err;
    char pid[24];
};

static int write_text(const char *pid, const char *file, const char *text) {
    char path[64];
    snprintf(path, sizeof path, "/proc/%s/%s", pid, file);
    int fd = open(path, O_WRONLY | O_CLOEXEC);
    if (fd < 0) {
        return -1;
    }
    // The kernel takes a map in one write only.
    ssize_t n = write(fd, text, strlen(text));
    int saved = errno;
    close(fd);
    errno = saved;
    return n == (ssize_t)strlen(text) ? 0 : -1;
}

// The child: async-signal-safe calls only, then _exit.
__attribute__((noreturn)) static void userns_child(int ready, int release) {
    struct userns_report r;
    memset(&r, 0, sizeof r);
    ssize_t n = readlink("/proc/self", r.pid, sizeof r.pid - 1);
    if (n <= 0) {
        r.err = n < 0 ? errno : ENOENT;
    } else if (unshare(CLONE_NEWUSER) != 0) {
        r.err = errno;
    }
    while (write(ready, &r, sizeof r) < 0 && errno == EINTR) {
    }
    close(ready);
    char byte;
    while (read(release, &byte, 1) < 0 && errno == EINTR) {
    }
    _exit(0);
}

// Reads the child's report, writes the maps, opens the namespace.
static int userns_finish(int ready, const char *uid_map, const char *gid_map) {
    struct userns_report r;
    ssize_t n;
    do {
        n = read(ready, &r, sizeof r);
    } while (n < 0 && errno == EINTR);
    if (n != (ssize_t)sizeof r) {
        errno = n < 0 ? errno : EPIPE;
        return -1;
    }
    if (r.err != 0) {
        errno = r.err;
        return -1;
    }
    r.pid[sizeof r.pid - 1] = 0;
    if (write_text(r.pid, "uid_map", uid_map) != 0 || write_text(r.pid, "gid_map", gid_map) != 0) {
        return -1;
    }
    char path[64];
    snprintf(path, sizeof path, "/proc/%s/ns/user", r.pid);
    return open(path, O_RDONLY | O_CLOEXEC);
}

int clinux_userns_create(const char *uid_map, const char *gid_map) {
    int ready[2], release[2];
    if (pipe2(ready, O_CLOEXEC) != 0) {
        return -1;
    }
    if (pipe2(release, O_CLOEXEC) != 0) {
        int saved = errno;
        close(ready[0]);
        close(ready[1]);
        errno = saved;
        return -1;
    }
    pid_t pid = fork();
    if (pid == 0) {
        close(ready[0]);
        close(release[1]); // else the child's own write end keeps it waiting forever
        userns_child(ready[1], release[0]);
    }
    int saved = errno;
    close(ready[1]);
    close(release[0]);
    int fd = pid < 0 ? -1 : userns_finish(ready[0], uid_map, gid_map);
    if (pid > 0) {
        saved = errno;
    }
    close(ready[0]);
    close(release[1]); // releases the child
    if (pid > 0) {
        while (waitpid(pid, NULL, 0) < 0 && errno == EINTR) {
        }
    }
    errno = saved;
    return fd;
}

int clinux_setfsuid(uid_t uid) { return setfsuid(uid); }

int clinux_setfsgid(gid_t gid) { return setfsgid(gid); }

int clinux_idmap_mount(const char *source, const char *target, int userns_fd, int recursive) {
    unsigned int flags = OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | (recursive ? AT_RECURSIVE : 0);
    int tree = (int)syscall(SYS_open_tree, AT_FDCWD, source, flags);
    if (tree < 0) {
        return -1;
    }
    struct mount_attr attr;
    memset(&attr, 0, sizeof attr);
    attr.attr_set = MOUNT_ATTR_IDMAP;
    attr.userns_fd = (uint64_t)userns_fd;
    unsigned int at = AT_EMPTY_PATH | (recursive ? AT_RECURSIVE : 0);
    int rc = (int)syscall(SYS_mount_setattr, tree, "", at, &attr, sizeof attr);
    if (rc == 0) {
        rc = (int)syscall(SYS_move_mount, tree, "", AT_FDCWD, target, MOVE_MOUNT_F_EMPTY_PATH);
    }
    int saved = errno;
    close(tree);
    errno = saved;
    return rc;
}

#endif
