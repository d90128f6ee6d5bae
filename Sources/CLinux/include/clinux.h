#ifndef CLINUX_H
#define CLINUX_H

#include <stdint.h>
#include <sys/types.h>

/// What `clinux_spawn` needs; every string and array is prepared by the caller.
struct clinux_spawn_args {
    const char *path;  // absolute path of the program to exec
    char *const *argv; // NULL-terminated
    char *const *envp; // NULL-terminated
    int fds[5];        // become fds 0..4 in the child; -1 leaves 0..3 as they are (4 is then closed at exec)
    uint64_t flags;    // CLONE_NEW* flags
};

/// Clones a child into new namespaces and execs `path` in it; signals stay blocked across the
/// exec. Returns the child's pid and stores its pidfd, or returns -1 with errno set (also when
/// the exec failed: errno is then the child's exec error).
pid_t clinux_spawn(const struct clinux_spawn_args *args, int *pidfd);

/// Waits for the process behind `pidfd` and returns its status: the exit code, or 128 + the
/// signal that ended it; -1 with errno on failure.
int clinux_pidfd_wait(int pidfd);

int clinux_pidfd_open(pid_t pid, unsigned int flags);
/// The calling thread's id.
pid_t clinux_gettid(void);
int clinux_pidfd_send_signal(int pidfd, int sig, unsigned int flags);
int clinux_pivot_root(const char *new_root, const char *put_old);
int clinux_setns(int fd, int nstype);
int clinux_unshare(int flags);

/// Sets the "top of directory hierarchy" flag (chattr +T) on folder `path`: ext4 then spreads the
/// folders made in it over its block groups, as it does for the root's. 0, or -1 with errno (a
/// filesystem without the flag refuses it).
int clinux_mark_top_directory(const char *path);

/// openat2(2) with a `struct open_how` of `flags`, `mode` and `resolve` (RESOLVE_* bits, e.g.
/// RESOLVE_IN_ROOT = 0x10: `path` is resolved as if `dirfd` were `/`, symlinks and `..` included).
int clinux_openat2(int dirfd, const char *path, int flags, unsigned int mode, uint64_t resolve);

/// prctl(2) with every argument spelled out (Swift cannot call the variadic libc function).
int clinux_prctl(int option, unsigned long arg2, unsigned long arg3, unsigned long arg4, unsigned long arg5);

/// capset(2), version 3 (64-bit sets) for the calling thread.
int clinux_capset(uint64_t effective, uint64_t permitted, uint64_t inheritable);

/// capget(2), version 3, for the calling thread; stores the three sets.
int clinux_capget(uint64_t *effective, uint64_t *permitted, uint64_t *inheritable);

/// Installs a classic BPF seccomp filter of `count` instructions (8 bytes each, as exported by
/// libseccomp) with seccomp(SECCOMP_SET_MODE_FILTER); needs no_new_privs or CAP_SYS_ADMIN.
int clinux_seccomp_install(const void *instructions, unsigned short count);

/// memfd_create(2) (Swift's Glibc module does not export it).
int clinux_memfd_create(const char *name, unsigned int flags);

/// Makes the terminal on fd 0 the controlling terminal of a new session (tty containers and exec).
int clinux_take_terminal(void);

/// tty mode, in container-init once the container's devpts is mounted: opens /dev/ptmx, makes the
/// slave (opened as /dev/pts/N) the controlling terminal of a new session and fds 0, 1 and 2, and
/// sends the master over the unix socket `socket` (SCM_RIGHTS), to the shim or the engine. Closes
/// the master and `socket`; 0, or -1 with errno. A non-zero `rows` and `columns` is the initial size.
int clinux_console_take(int socket, unsigned short rows, unsigned short columns);

/// Sends `fd` over the unix socket `socket` (SCM_RIGHTS, with one data byte); 0 or -1 with errno.
int clinux_send_fd(int socket, int fd);

/// Receives one descriptor sent by `clinux_send_fd` (O_CLOEXEC); `flags` are recvmsg flags
/// (MSG_DONTWAIT). -1 with errno, ENODATA when the peer closed without sending one.
int clinux_recv_fd(int socket, int flags);

/// Returns 1 when signal `sig` is blocked in the calling thread, 0 if not (for tests).
int clinux_signal_is_blocked(int sig);

/// Makes a user namespace with the given maps and returns an O_CLOEXEC descriptor of it, or -1 with
/// errno. A forked child unshares CLONE_NEWUSER and waits; the caller (root in the parent user
/// namespace) writes `uid_map` and `gid_map` (lines "INSIDE OUTSIDE COUNT\n") to /proc/CHILD, opens
/// /proc/CHILD/ns/user, then releases and reaps the child. Only C runs in the child. The caller's /proc
/// must show the child (the host's /proc is fine from a new pid namespace).
int clinux_userns_create(const char *uid_map, const char *gid_map);

/// Clones the mount at `source` (with its submounts when `recursive`), idmaps the clone to the user
/// namespace `userns_fd` (mount_setattr MOUNT_ATTR_IDMAP) and moves it onto `target`; -1 with errno.
int clinux_idmap_mount(const char *source, const char *target, int userns_fd, int recursive);

/// setfsuid(2) and setfsgid(2) (not in Swift's Glibc module); each returns the previous id.
int clinux_setfsuid(uid_t uid);
int clinux_setfsgid(gid_t gid);

#endif
