#define _GNU_SOURCE
#ifdef __linux__
#include "clinux.h"

#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <sys/syscall.h>
#include <sys/wait.h>
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

int clinux_unshare(int flags) { return unshare(flags); }

int clinux_signal_is_blocked(int sig) {
    sigset_t set;
    sigemptyset(&set);
    if (sigprocmask(SIG_BLOCK, NULL, &set) != 0) {
        return -1;
    }
    return sigismember(&set, sig);
}

#endif
