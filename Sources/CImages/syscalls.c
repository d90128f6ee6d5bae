#define _GNU_SOURCE
#include "cimages.h"

#ifdef __linux__
#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <unistd.h>

const unsigned long long cimages_resolve_in_root = RESOLVE_IN_ROOT;
const int cimages_o_path = O_PATH;
const unsigned long long cimages_resolve_no_magiclinks = RESOLVE_NO_MAGICLINKS;

int cimages_openat2(int dirfd, const char *path, int flags, mode_t mode, unsigned long long resolve) {
    struct open_how how = {
        .flags = (unsigned long long)flags,
        .mode = (flags & (O_CREAT | O_TMPFILE)) ? mode : 0,
        .resolve = resolve,
    };
    return (int)syscall(SYS_openat2, dirfd, path, &how, sizeof(how));
}

long long cimages_filesystem_type(int fd) {
    struct statfs info;
    if (fstatfs(fd, &info) != 0) {
        return -1;
    }
    return (long long)info.f_type;
}

int cimages_mknodat(int dirfd, const char *name, mode_t mode, unsigned int major, unsigned int minor) {
    return mknodat(dirfd, name, mode, makedev(major, minor));
}
#endif
