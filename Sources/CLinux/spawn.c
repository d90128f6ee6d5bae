#define _GNU_SOURCE
#ifdef __linux__
#include "clinux.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef CLONE_PIDFD
#define CLONE_PIDFD 0x00001000
#endif
#ifndef CLOSE_RANGE_CLOEXEC
#define CLOSE_RANGE_CLOEXEC (1U << 2)
#endif

// Mirror of the kernel's struct clone_args up to `cgroup` (CLONE_ARGS_SIZE_VER2).
struct clinux_clone_args {
    uint64_t flags, pidfd, child_tid, parent_tid, exit_signal, stack, stack_size, tls;
    uint64_t set_tid, set_tid_size, cgroup;
};
_Static_assert(sizeof(struct clinux_clone_args) == 88, "clone_args VER2 is 88 bytes");

// The kernel's struct sigaction for rt_sigaction (x86_64/aarch64 layout without sa_restorer use).
struct clinux_kernel_sigaction {
    void *handler;
    unsigned long flags;
    void *restorer;
    uint64_t mask;
};

// Runs in the cloned child: raw syscalls and async-signal-safe calls only, then exec or _exit.
__attribute__((noreturn)) static void child_exec(const struct clinux_spawn_args *a, int errfd) {
    int err = 0;
    // posix_spawn and the Swift runtime leave some signals ignored (32, 33): reset them all.
    // The mask stays fully blocked across execve; container-init sets the final mask.
    struct clinux_kernel_sigaction dfl;
    memset(&dfl, 0, sizeof dfl);
    for (int sig = 1; sig <= 64; sig++) {
        if (sig != SIGKILL && sig != SIGSTOP) {
            syscall(SYS_rt_sigaction, sig, &dfl, NULL, sizeof(uint64_t));
        }
    }
    // Move the error pipe and every source fd above 0..3 first, so dup2 cannot clobber one.
    errfd = fcntl(errfd, F_DUPFD_CLOEXEC, 10);
    if (errfd < 0) {
        _exit(127);
    }
    int moved[5];
    for (int i = 0; i < 5; i++) {
        moved[i] = a->fds[i] < 0 ? -1 : fcntl(a->fds[i], F_DUPFD_CLOEXEC, 10);
        if (a->fds[i] >= 0 && moved[i] < 0) {
            goto fail;
        }
    }
    for (int i = 0; i < 4; i++) {
        if (moved[i] >= 0 && dup2(moved[i], i) < 0) {
            goto fail;
        }
    }
    // Nothing the engine holds open leaks into the container (kernel 5.11+; best effort).
    syscall(SYS_close_range, 4U, ~0U, CLOSE_RANGE_CLOEXEC);
    // fd 4 (the console socket of a tty container) after that: dup2 clears its close-on-exec.
    if (moved[4] >= 0 && dup2(moved[4], 4) < 0) {
        goto fail;
    }
    execve(a->path, a->argv, a->envp);
fail:
    err = errno;
    while (write(errfd, &err, sizeof err) < 0 && errno == EINTR) {
    }
    _exit(127);
}

struct clone_context {
    const struct clinux_spawn_args *args;
    int errfd;
};

static int clone_entry(void *arg) {
    struct clone_context *ctx = arg;
    child_exec(ctx->args, ctx->errfd);
}

// clone3 with CLONE_VM needs the child to start on its own stack, which a C call cannot express:
// the child calls clone_entry(ctx) from here and never returns. Other architectures use clone().
static pid_t clone3_on_stack(struct clinux_clone_args *ca, struct clone_context *ctx) {
#if defined(__x86_64__)
    register long rax __asm__("rax") = SYS_clone3;
    register void *rdi __asm__("rdi") = ca;
    register long rsi __asm__("rsi") = (long)sizeof *ca;
    register void *r12 __asm__("r12") = (void *)clone_entry;
    register void *r13 __asm__("r13") = ctx;
    __asm__ volatile("syscall\n\t"
                     "test %%rax, %%rax\n\t"
                     "jnz 1f\n\t"
                     "xor %%ebp, %%ebp\n\t"
                     "mov %%r13, %%rdi\n\t"
                     "call *%%r12\n\t"
                     "ud2\n"
                     "1:"
                     : "+r"(rax)
                     : "r"(rdi), "r"(rsi), "r"(r12), "r"(r13)
                     : "rcx", "r11", "memory");
    if (rax < 0) {
        errno = (int)-rax;
        return -1;
    }
    return (pid_t)rax;
#else
    (void)ca;
    (void)ctx;
    errno = ENOSYS;
    return -1;
#endif
}

// CLONE_VM | CLONE_VFORK: no page-table copy, so the cost stays flat as the engine grows (a
// fork-like clone3 took 49 ms at 1 GB RSS here, this 4 ms). The parent is suspended until the
// child execs or exits, so the child's stack and `ctx` stay valid. Falls back to glibc's clone()
// when clone3 is missing (ENOSYS).
static pid_t clone_child(const struct clinux_spawn_args *a, int errfd, int *pidfd) {
    const size_t size = 64 * 1024;
    void *stack =
        mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
    if (stack == MAP_FAILED) {
        return -1;
    }
    struct clone_context ctx = {a, errfd};
    struct clinux_clone_args ca;
    memset(&ca, 0, sizeof ca);
    ca.flags = a->flags | CLONE_PIDFD | CLONE_VM | CLONE_VFORK;
    ca.pidfd = (uint64_t)(uintptr_t)pidfd;
    ca.exit_signal = SIGCHLD;
    ca.stack = (uint64_t)(uintptr_t)stack;
    ca.stack_size = size;
    pid_t pid = clone3_on_stack(&ca, &ctx);
    if (pid < 0 && errno == ENOSYS) {
        int flags = (int)a->flags | CLONE_PIDFD | CLONE_VM | CLONE_VFORK | SIGCHLD;
        pid = clone(clone_entry, (char *)stack + size, flags, &ctx, pidfd);
    }
    int saved = errno;
    munmap(stack, size);
    errno = saved;
    return pid;
}

pid_t clinux_spawn(const struct clinux_spawn_args *a, int *pidfd_out) {
    int pipefd[2];
    if (pipe2(pipefd, O_CLOEXEC) != 0) {
        return -1;
    }
    // Block everything so no handler of ours runs in the child before the reset.
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &old);
    int pidfd = -1;
    pid_t pid = clone_child(a, pipefd[1], &pidfd);
    int saved = errno;
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    close(pipefd[1]);
    if (pid < 0) {
        close(pipefd[0]);
        errno = saved;
        return -1;
    }
    int child_errno = 0;
    ssize_t n;
    do {
        n = read(pipefd[0], &child_errno, sizeof child_errno);
    } while (n < 0 && errno == EINTR);
    close(pipefd[0]);
    if (n == (ssize_t)sizeof child_errno) {
        clinux_pidfd_wait(pidfd);
        close(pidfd);
        errno = child_errno;
        return -1;
    }
    *pidfd_out = pidfd;
    return pid;
}

#endif
