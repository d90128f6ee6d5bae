import CLinux
import Glibc

// container-init: the first program in a new container. Synchronous, single-threaded, no
// Foundation. It reads the spec from fd 3, builds the filesystem, and execs the process.

/// Reads fd 3 to EOF.
func readSpec() -> [UInt8] {
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 16384)
    while true {
        let count = chunk.withUnsafeMutableBytes { read(3, $0.baseAddress, $0.count) }
        if count < 0 && errno == EINTR { continue }
        if count <= 0 { return bytes }
        bytes += chunk[..<count]
    }
}

/// Reports a setup failure to the engine over fd 3 and on stderr, then exits 125.
func fail(_ message: String) -> Never {
    var bytes = Array(message.utf8)
    _ = bytes.withUnsafeMutableBytes { send(3, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
    writeError("berth: \(message)")
    exit(125)
}

/// Execs `args` with PATH looked up inside the container; exits 127 (not found) or 126 on failure.
func execute(_ args: [String], env: [String]) -> Never {
    let program = args[0]
    let argv: [UnsafeMutablePointer<CChar>?] = args.map { strdup($0) } + [nil]
    let envp: [UnsafeMutablePointer<CChar>?] = env.map { strdup($0) } + [nil]
    var denied = false
    var other: Int32 = 0
    for candidate in searchPath(program, env: env) {
        execve(candidate, argv, envp)
        switch errno {
        case ENOENT, ENOTDIR: continue
        case EACCES: denied = true
        default: other = errno
        }
    }
    if other != 0 {
        writeError("berth: exec \(program): \(errorText(other))")
        exit(126)
    }
    if denied {
        writeError("berth: exec \(program): permission denied")
        exit(126)
    }
    writeError("berth: exec \(program): not found")
    exit(127)
}

/// Where to look for `program`: itself when it holds a slash, else each folder of the container's PATH.
func searchPath(_ program: String, env: [String]) -> [String] {
    guard !program.contains("/") else { return [program] }
    let path =
        env.last { $0.hasPrefix("PATH=") }.map { String($0.dropFirst(5)) }
        ?? "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
    return path.split(separator: ":").map { "\($0.isEmpty ? "." : $0)/\(program)" }
}

let spec: InitSpec
/// The container's user namespace, joined after everything else is set up; nil without one.
var userNamespace: Int32?
do throws(InitFailure) {
    spec = try InitSpec(bytes: readSpec())
    // Into the container's cgroups before anything else: "0" moves this thread (the whole process,
    // which has one), which the kernel does without the threadgroup lock a pid written from outside
    // takes (see Cgroups.selfJoinFiles).
    for file in spec.cgroupJoins { try writeFile(file, "0", what: "joining the cgroup of \(file)") }
    umask(0)
    if let target = spec.execTarget {
        // berth-shim joined the other namespaces; the mount namespace last, here, because this
        // program (and its loader) is not in the container's filesystem. The user namespace after it:
        // the others belong to the initial one, so joining it first would leave no right to join them.
        userNamespace = try UserNamespace.of(target)
        let namespace = open("/proc/\(target)/ns/mnt", O_RDONLY | O_CLOEXEC)
        guard namespace >= 0, clinux_setns(namespace, 0) == 0 else {
            throw InitFailure("cannot enter the mount namespace of \(target): \(errorText(errno))")
        }
        close(namespace)
        if chdir(spec.cwd) != 0 { throw InitFailure("chdir \(spec.cwd): \(errorText(errno))") }
    } else {
        let made = try UserNamespace.make(spec)
        userNamespace = made?.descriptor
        try Setup(spec: spec, userNamespace: made).run()
    }
} catch {
    fail(error.message)
}
umask(0o022)
// clinux_spawn kept every signal blocked across exec; this is the container's final mask. As the
// init (`Reaper`) we keep them blocked and take them with sigwaitinfo; the process gets an empty mask.
if !spec.runsInit {
    var none = sigset_t()
    sigemptyset(&none)
    sigprocmask(SIG_SETMASK, &none, nil)
}
// Seccomp goes in last, so none of container-init's own calls before this point is filtered.
var environment = spec.env
do throws(InitFailure) {
    if let userNamespace { try UserNamespace.join(userNamespace) }
    // A tty container's process leads its own session with a pty of the container's devpts, made
    // after the user namespace is joined so that it belongs to container root.
    try Console.take(exec: spec.execTarget != nil)
    let identity = try Identity(user: spec.user, additional: spec.groups)
    Console.give(to: identity.uid)
    if !environment.contains(where: { $0.hasPrefix("HOME=") }) { environment.append("HOME=" + identity.home) }
    try Confinement(spec: spec, identity: identity).run()
} catch {
    fail(error.message)
}
// Closing fd 3 at exec tells the engine that setup succeeded.
_ = fcntl(3, F_SETFD, FD_CLOEXEC)
if spec.runsInit { Reaper(args: spec.args, env: environment).run() }
execute(spec.args, env: environment)
