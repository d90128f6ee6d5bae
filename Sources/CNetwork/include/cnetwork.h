#ifndef CNETWORK_H
#define CNETWORK_H

// Only what Swift's Glibc module lacks for berth's networking: setns/unshare, pinning a new
// network namespace to a file, and netlink sockets opened inside a namespace. The kernel's
// netlink headers are included so that Swift sees their constants and structs.
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/veth.h>

/// setns(2).
int cnetwork_setns(int fd, int nstype);

/// unshare(2).
int cnetwork_unshare(int flags);

/// Creates a new network namespace and bind-mounts it onto `path` (an existing empty file), the
/// way `ip netns add` does: a short-lived child unshares the namespace and bind-mounts its
/// /proc/self/ns/net. Returns 0, or -1 with errno set (the child's error when it failed).
int cnetwork_netns_create(const char *path);

/// Makes the folder `path` a mount point with shared propagation (binding it onto itself when it
/// is not one yet), so that namespace files mounted below it reach every mount namespace copied
/// from ours. Returns 0, or -1 with errno set.
int cnetwork_make_shared_mount(const char *path);

/// Opens a bound NETLINK_ROUTE socket (close-on-exec) inside the network namespace `netns_fd`, or
/// in the caller's namespace when it is -1. Only the calling thread switches namespaces, and
/// switches back before returning. Returns the socket, or -1 with errno set.
int cnetwork_netlink_socket(int netns_fd);

/// pipe2(2) (a GNU extension Swift's Glibc module does not export).
int cnetwork_pipe2(int fds[2], int flags);

/// accept4(2) (a GNU extension Swift's Glibc module does not export).
int cnetwork_accept4(int fd, void *address, unsigned int *length, int flags);

#endif
