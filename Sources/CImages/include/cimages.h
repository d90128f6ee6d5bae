#ifndef CIMAGES_H
#define CIMAGES_H
#include <sys/types.h>
#include <sys/xattr.h>

/// openat2(dirfd, path, {flags, mode, resolve}): the fd, or -1 with errno set.
int cimages_openat2(int dirfd, const char *path, int flags, mode_t mode, unsigned long long resolve);
/// mknodat(dirfd, name, mode, makedev(major, minor)): 0, or -1 with errno set.
int cimages_mknodat(int dirfd, const char *name, mode_t mode, unsigned int major, unsigned int minor);

/// The filesystem type (statfs's f_type: PROC_SUPER_MAGIC, ...) of the file open at fd, or -1 with errno set.
long long cimages_filesystem_type(int fd);

/// O_PATH, which Swift's Glibc module does not export.
extern const int cimages_o_path;
/// RESOLVE_IN_ROOT: resolve `..` and absolute symlinks as if dirfd were the root.
extern const unsigned long long cimages_resolve_in_root;
/// RESOLVE_NO_MAGICLINKS: never follow /proc-style magic links.
extern const unsigned long long cimages_resolve_no_magiclinks;
#endif
