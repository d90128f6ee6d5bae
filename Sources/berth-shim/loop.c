#define _GNU_SOURCE
#include "shim.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#ifndef P_PIDFD
#define P_PIDFD 3
#endif

#define MAX_CLIENTS 16

// An attach client: state 0 waits for its header line, 1 is attached, 2 is attached with its
// input ended (it still receives output).
struct client {
    int fd, state;
    char header[64];
    size_t header_len;
};

struct loop {
    const struct shim_options *o;
    int *fds;  // stdin (or -1), stdout, stderr (-1 with a tty: the master is fds[1])
    struct shim_log *log;
    struct client clients[MAX_CLIENTS];
};

int shim_listen(const char *path) {
    struct sockaddr_un addr = {.sun_family = AF_UNIX};
    if (strlen(path) >= sizeof addr.sun_path) {
        errno = ENAMETOOLONG;
        return -1;
    }
    strcpy(addr.sun_path, path);
    unlink(path);
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (fd < 0 || bind(fd, (struct sockaddr *)&addr, sizeof addr) != 0 || listen(fd, 8) != 0) {
        return -1;
    }
    chmod(path, 0600);
    return fd;
}

// Sends output to attached clients: raw with a tty, else Docker's 8-byte stream headers.
static void broadcast(struct loop *l, int stream, const char *data, size_t len) {
    unsigned char head[8] = {(unsigned char)(stream + 1), 0, 0, 0,
                             (unsigned char)(len >> 24), (unsigned char)(len >> 16),
                             (unsigned char)(len >> 8), (unsigned char)len};
    for (int i = 0; i < MAX_CLIENTS; i++) {
        struct client *c = &l->clients[i];
        if (c->fd < 0 || c->state == 0) {
            continue;
        }
        if ((!l->o->tty && send(c->fd, head, 8, MSG_NOSIGNAL) != 8) ||
            send(c->fd, data, len, MSG_NOSIGNAL) != (ssize_t)len) {
            close(c->fd);
            c->fd = -1;
        }
    }
}

// Reads one chunk of a stream; returns 1 after data, -1 when nothing was there yet, 0 at EOF
// (or EIO: a pty whose last slave closed).
static int pump(struct loop *l, int stream) {
    char buf[8192];
    ssize_t n = read(l->fds[stream + 1], buf, sizeof buf);
    if (n < 0 && (errno == EINTR || errno == EAGAIN)) {
        return -1;
    }
    if (n <= 0) {
        return 0;
    }
    shim_log_write(l->log, stream, buf, (size_t)n);
    broadcast(l, stream, buf, (size_t)n);
    return 1;
}

static void resize(struct loop *l, const char *header) {
    struct winsize ws = {0};
    if (sscanf(header, "resize %hu %hu", &ws.ws_row, &ws.ws_col) == 2 && l->o->tty) {
        ioctl(l->fds[1], TIOCSWINSZ, &ws);
    }
}

// Header line: "attach" or "resize ROWS COLS"; afterwards the client's bytes are stdin.
static void on_client(struct loop *l, struct client *c) {
    char buf[4096];
    ssize_t n = recv(c->fd, buf, c->state ? sizeof buf : 1, 0);
    if (n < 0 && (errno == EINTR || errno == EAGAIN)) {
        return;
    }
    if (n <= 0) {
        // End of a client's input closes the container's stdin (Docker's stdin-once).
        if (c->state == 1 && l->fds[0] >= 0 && !l->o->tty) {
            close(l->fds[0]);
            l->fds[0] = -1;
        }
        if (c->state == 1) {
            c->state = 2;
            return;
        }
        close(c->fd);
        c->fd = -1;
        return;
    }
    if (c->state == 1) {
        int in = l->o->tty ? l->fds[1] : l->fds[0];
        if (in >= 0 && write(in, buf, (size_t)n) < 0) {
            return;
        }
        return;
    }
    if (buf[0] != '\n' && c->header_len < sizeof c->header - 1) {
        c->header[c->header_len++] = buf[0];
        return;
    }
    c->header[c->header_len] = '\0';
    if (strcmp(c->header, "attach") == 0) {
        c->state = 1;
        return;
    }
    resize(l, c->header);
    close(c->fd);
    c->fd = -1;
}

static void accept_client(struct loop *l, int listen_fd) {
    int fd = accept4(listen_fd, NULL, NULL, SOCK_CLOEXEC);
    if (fd < 0) {
        return;
    }
    for (int i = 0; i < MAX_CLIENTS; i++) {
        if (l->clients[i].fd < 0) {
            memset(&l->clients[i], 0, sizeof l->clients[i]);
            l->clients[i].fd = fd;
            return;
        }
    }
    close(fd);
}

static int reap(int pidfd) {
    siginfo_t info = {0};
    while (waitid((idtype_t)P_PIDFD, (id_t)pidfd, &info, WEXITED) < 0 && errno == EINTR) {
    }
    return info.si_code == CLD_EXITED ? info.si_status : 128 + info.si_status;
}

// After the exit: whatever is still buffered in the pipes (non-blocking, so a leftover writer
// in a shared pid namespace cannot hold the shim).
static void drain(struct loop *l) {
    for (int stream = 0; stream < 2; stream++) {
        int fd = l->fds[stream + 1];
        if (fd >= 0) {
            fcntl(fd, F_SETFL, O_NONBLOCK);
            while (pump(l, stream) > 0) {
            }
        }
    }
}

static int poll_once(struct loop *l, int pidfd, int listen_fd, int open_streams[2]) {
    struct pollfd p[4 + MAX_CLIENTS];
    int n = 0;
    p[n++] = (struct pollfd){.fd = pidfd, .events = POLLIN};
    p[n++] = (struct pollfd){.fd = listen_fd, .events = POLLIN};
    p[n++] = (struct pollfd){.fd = open_streams[0] ? l->fds[1] : -1, .events = POLLIN};
    p[n++] = (struct pollfd){.fd = open_streams[1] ? l->fds[2] : -1, .events = POLLIN};
    for (int i = 0; i < MAX_CLIENTS; i++) {
        int fd = l->clients[i].state == 2 ? -1 : l->clients[i].fd;
        p[n++] = (struct pollfd){.fd = fd, .events = POLLIN};
    }
    if (poll(p, (nfds_t)n, -1) < 0) {
        return 0;
    }
    for (int s = 0; s < 2; s++) {
        if (p[2 + s].revents) {
            open_streams[s] = pump(l, s) != 0;
        }
    }
    if (p[1].revents & POLLIN) {
        accept_client(l, listen_fd);
    }
    for (int i = 0; i < MAX_CLIENTS; i++) {
        if (p[4 + i].fd >= 0 && p[4 + i].revents) {
            on_client(l, &l->clients[i]);
        }
    }
    return (p[0].revents & POLLIN) != 0;
}

int shim_serve(const struct shim_options *o, int pidfd, int fds[3], int listen_fd, struct shim_log *log) {
    struct loop l = {.o = o, .fds = fds, .log = log};
    for (int i = 0; i < MAX_CLIENTS; i++) {
        l.clients[i].fd = -1;
    }
    int open_streams[2] = {fds[1] >= 0, fds[2] >= 0};
    while (!poll_once(&l, pidfd, listen_fd, open_streams)) {
    }
    int status = reap(pidfd);
    drain(&l);
    shim_log_flush(log);
    for (int i = 0; i < MAX_CLIENTS; i++) {
        if (l.clients[i].fd >= 0) {
            close(l.clients[i].fd);
        }
    }
    return status;
}
