#define _GNU_SOURCE
#ifdef __linux__
#include "clinux.h"

#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <sys/syscall.h>
#include <linux/capability.h>
#include <fcntl.h>
#include <linux/filter.h>
#include <linux/fs.h>
#include <linux/openat2.h>
#include <linux/seccomp.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <sys/ioctl.h>
#include <unistd.h>

#ifndef P_PIDFD
#define P_PIDFD 3
#endif

int clinux_pidfd_wait(int pidfd) {
    siginfo_t info = {0};
    int rc;
    do {
        rc = waitid((idtype_t)P_PIDFD, (id_t)pidfd, &info, WEXITED);
    } while (rc == -1 && errno == EINTR);
    if (rc == -1) {
        return -1;
    }
    if (info.si_code == CLD_EXITED) {
        return info.si_status;
    }
    return 128 + info.si_status;
}

int clinux_take_terminal(void) {
    if (!isatty(0)) {
        return 0;
    }
    setsid();
    return ioctl(0, TIOCSCTTY, 0);
}

pid_t clinux_gettid(void) {
    return (pid_t)syscall(SYS_gettid);
}

int clinux_pidfd_open(pid_t pid, unsigned int flags) {
    return (int)syscall(SYS_pidfd_open, pid, flags);
}

int clinux_pidfd_send_signal(int pidfd, int sig, unsigned int flags) {
    return (int)syscall(SYS_pidfd_send_signal, pidfd, sig, NULL, flags);
}

int clinux_pivot_root(const char *new_root, const char *put_old) {
    return (int)syscall(SYS_pivot_root, new_root, put_old);
}

int clinux_setns(int fd, int nstype) { return setns(fd, nstype); }

int clinux_openat2(int dirfd, const char *path, int flags, unsigned int mode, uint64_t resolve) {
    struct open_how how = {.flags = (uint64_t)flags, .mode = mode, .resolve = resolve};
    return (int)syscall(SYS_openat2, dirfd, path, &how, sizeof(how));
}

int clinux_unshare(int flags) { return unshare(flags); }

int clinux_mark_top_directory(const char *path) {
    int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) {
        return -1;
    }
    long flags = 0;
    int rc = ioctl(fd, FS_IOC_GETFLAGS, &flags);
    if (rc == 0 && !(flags & FS_TOPDIR_FL)) {
        flags |= FS_TOPDIR_FL;
        rc = ioctl(fd, FS_IOC_SETFLAGS, &flags);
    }
    int saved = errno;
    close(fd);
    errno = saved;
    return rc;
}

int clinux_prctl(int option, unsigned long arg2, unsigned long arg3, unsigned long arg4, unsigned long arg5) {
    return prctl(option, arg2, arg3, arg4, arg5);
}

_Static_assert(sizeof(struct __user_cap_data_struct) == 12, "cap data is 3 x u32");

int clinux_capset(uint64_t effective, uint64_t permitted, uint64_t inheritable) {
    struct __user_cap_header_struct header = {_LINUX_CAPABILITY_VERSION_3, 0};
    struct __user_cap_data_struct data[2] = {
        {(uint32_t)effective, (uint32_t)permitted, (uint32_t)inheritable},
        {(uint32_t)(effective >> 32), (uint32_t)(permitted >> 32), (uint32_t)(inheritable >> 32)},
    };
    return (int)syscall(SYS_capset, &header, data);
}

int clinux_capget(uint64_t *effective, uint64_t *permitted, uint64_t *inheritable) {
    struct __user_cap_header_struct header = {_LINUX_CAPABILITY_VERSION_3, 0};
    struct __user_cap_data_struct data[2];
    if (syscall(SYS_capget, &header, data) != 0) {
        return -1;
    }
    *effective = (uint64_t)data[1].effective << 32 | data[0].effective;
    *permitted = (uint64_t)data[1].permitted << 32 | data[0].permitted;
    *inheritable = (uint64_t)data[1].inheritable << 32 | data[0].inheritable;
    return 0;
}

_Static_assert(sizeof(struct sock_filter) == 8, "a BPF instruction is 8 bytes");

int clinux_seccomp_install(const void *instructions, unsigned short count) {
    struct sock_fprog program = {count, (struct sock_filter *)instructions};
    return (int)syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &program);
}

int clinux_memfd_create(const char *name, unsigned int flags) { return memfd_create(name, flags); }

int clinux_signal_is_blocked(int sig) {
    sigset_t set;
    sigemptyset(&set);
    if (sigprocmask(SIG_BLOCK, NULL, &set) != 0) {
        return -1;
    }
    return sigismember(&set, sig);
}

#endif
