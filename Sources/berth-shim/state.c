#define _GNU_SOURCE
#include "shim.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int shim_write_atomic(const char *dir, const char *name, const char *text, int durable) {
    char tmp[4096], final[4096];
    snprintf(tmp, sizeof tmp, "%s/.%s.tmp", dir, name);
    snprintf(final, sizeof final, "%s/%s", dir, name);
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) {
        return -1;
    }
    size_t len = strlen(text);
    // Not durable (an ephemeral container, removed once it exited): no fsync either. Each fsync
    // commits the filesystem's whole journal, here about 1 ms, before the exit is reported.
    int ok = write(fd, text, len) == (ssize_t)len && (!durable || fsync(fd) == 0);
    close(fd);
    if (!ok || rename(tmp, final) != 0) {
        unlink(tmp);
        return -1;
    }
    // No fsync of the folder: it would only make the rename outlive a power loss, after which the
    // container is gone anyway (the engine then finds its shim dead). The file's own fsync stays, so
    // a rename that did survive never shows an empty file. One journal commit fewer before the shim
    // reports the exit.
    return 0;
}

int shim_oom_killed(const char *path) {
    if (path == NULL || *path == '\0') {
        return 0;
    }
    FILE *f = fopen(path, "re");
    if (f == NULL) {
        return 0;
    }
    char key[64];
    long long value;
    int killed = 0;
    while (fscanf(f, "%63s %lld", key, &value) == 2) {
        if (strcmp(key, "oom_kill") == 0) {
            killed = value > 0;
        }
    }
    fclose(f);
    return killed;
}
