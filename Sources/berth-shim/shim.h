#ifndef BERTH_SHIM_H
#define BERTH_SHIM_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define SHIM_MAX_JOIN 8

/// Command-line options (see README.md).
struct shim_options {
    int exec_mode;          // -x: foreground exec into -p's namespaces, stdio passed through
    pid_t target;           // -p: the container's pid (exec mode)
    const char *state_dir;  // -d: exit.json goes here
    const char *socket;     // -s: attach/resize socket path
    const char *log;        // -l: json-file log path
    long long max_size;     // -S: rotate above this many bytes (0: never)
    int max_files;          // -N: files kept, the live one included
    const char *oom_file;   // -o: memory.oom_control or memory.events
    const char *init;       // -i: container-init path
    uint64_t flags;         // -f: CLONE_NEW* flags
    int tty;                // -t
    int open_stdin;         // -I
    int ephemeral;          // -e: the container is removed when it exits: exit.json without fsync
    const char *join[SHIM_MAX_JOIN]; // -j: namespace files to setns before the clone
    int join_count;
};

/// The json-file writer: one file plus its rotated predecessors (.1, .2, ...).
struct shim_log {
    const char *path;
    int fd;
    long long size, max_size;
    int max_files;
    char partial[2][16384];  // per stream: bytes of an unfinished line
    size_t partial_len[2];
};

int shim_log_open(struct shim_log *log, const char *path, long long max_size, int max_files);
/// Appends `len` bytes of stream 0 (stdout) or 1 (stderr), one entry per line.
void shim_log_write(struct shim_log *log, int stream, const char *data, size_t len);
/// Writes the unfinished lines (without a newline), as Docker does at exit.
void shim_log_flush(struct shim_log *log);
/// Formats one entry into `out` (room for 6 * len + 128 bytes); returns its length.
size_t shim_log_format(char *out, const char *data, size_t len, int stream, const struct timespec *when);
/// RFC 3339 UTC time with nanoseconds: 2006-01-02T15:04:05.000000000Z (31 bytes + NUL).
void shim_time(char out[40], const struct timespec *when);

/// Writes `text` to dir/name atomically (tmp, fsync, rename, fsync dir).
int shim_write_atomic(const char *dir, const char *name, const char *text, int durable);
/// Reads the oom_kill counter of a memory.oom_control or memory.events file; 0 when absent.
int shim_oom_killed(const char *path);

/// Runs the event loop until the container exits; returns its wait status (code or 128 + signal).
int shim_serve(const struct shim_options *o, int pidfd, int fds[3], int listen_fd, struct shim_log *log);

int shim_listen(const char *path);

#endif
