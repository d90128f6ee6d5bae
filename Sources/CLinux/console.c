#define _GNU_SOURCE
#ifdef __linux__
#include "clinux.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <termios.h>
#include <unistd.h>

// A terminal from the container's own devpts (the console socket, as runc's --console-socket):
// the pty is made inside the container, so the process's /proc/self/fd/0 names a node of its own
// /dev/pts, and only the master leaves, over a unix socket, to whoever copies the I/O.

int clinux_send_fd(int socket, int fd) {
    char byte = 'm';
    struct iovec data = {.iov_base = &byte, .iov_len = 1};
    union {
        char buffer[CMSG_SPACE(sizeof(int))];
        struct cmsghdr align;
    } control;
    memset(&control, 0, sizeof control);
    struct msghdr message = {
        .msg_iov = &data, .msg_iovlen = 1, .msg_control = control.buffer, .msg_controllen = sizeof control.buffer};
    struct cmsghdr *header = CMSG_FIRSTHDR(&message);
    header->cmsg_level = SOL_SOCKET;
    header->cmsg_type = SCM_RIGHTS;
    header->cmsg_len = CMSG_LEN(sizeof(int));
    memcpy(CMSG_DATA(header), &fd, sizeof(int));
    ssize_t sent;
    do {
        sent = sendmsg(socket, &message, MSG_NOSIGNAL);
    } while (sent < 0 && errno == EINTR);
    return sent == 1 ? 0 : -1;
}

int clinux_recv_fd(int socket, int flags) {
    char byte;
    struct iovec data = {.iov_base = &byte, .iov_len = 1};
    union {
        char buffer[CMSG_SPACE(sizeof(int))];
        struct cmsghdr align;
    } control;
    memset(&control, 0, sizeof control);
    struct msghdr message = {
        .msg_iov = &data, .msg_iovlen = 1, .msg_control = control.buffer, .msg_controllen = sizeof control.buffer};
    ssize_t received;
    do {
        received = recvmsg(socket, &message, flags | MSG_CMSG_CLOEXEC);
    } while (received < 0 && errno == EINTR);
    if (received < 0) {
        return -1;
    }
    struct cmsghdr *header = CMSG_FIRSTHDR(&message);
    if (received == 0 || header == NULL || header->cmsg_level != SOL_SOCKET || header->cmsg_type != SCM_RIGHTS ||
        header->cmsg_len != CMSG_LEN(sizeof(int))) {
        errno = ENODATA;
        return -1;
    }
    int fd;
    memcpy(&fd, CMSG_DATA(header), sizeof(int));
    return fd;
}

// Opens the slave by its name in this mount namespace (/dev/pts/N), so that is what the process's
// fds link to; it becomes the controlling terminal of a new session and fds 0, 1 and 2.
static int take_slave(int master) {
    char name[64];
    if (ptsname_r(master, name, sizeof name) != 0) {
        return -1;
    }
    int slave = open(name, O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (slave < 0) {
        return -1;
    }
    // setsid fails (EPERM) only for a process group leader, which container-init never is.
    setsid();
    int rc = ioctl(slave, TIOCSCTTY, 0);
    for (int fd = 0; rc == 0 && fd < 3; fd++) {
        rc = dup2(slave, fd) < 0 ? -1 : 0;
    }
    int saved = errno;
    close(slave);
    errno = saved;
    return rc;
}

int clinux_console_take(int socket, unsigned short rows, unsigned short columns) {
    // /dev/ptmx is the container's link to pts/ptmx (a newinstance devpts, ptmxmode=0666).
    int master = open("/dev/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (master < 0) {
        return -1;
    }
    // The size the client asked for is there before the process starts (it may read it at once).
    if (rows != 0 && columns != 0) {
        struct winsize size = {.ws_row = rows, .ws_col = columns};
        ioctl(master, TIOCSWINSZ, &size);
    }
    int rc = unlockpt(master) == 0 && take_slave(master) == 0 && clinux_send_fd(socket, master) == 0 ? 0 : -1;
    int saved = errno;
    close(master);
    close(socket);
    errno = saved;
    return rc;
}

#endif
