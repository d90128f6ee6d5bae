import APIClient
import ArgumentParser
import EngineAPI
import Foundation

/// `run` and `create` as clients of the engine's API, with the docker CLI's calls and exit codes:
/// 125 when berth or the engine fails, else the container's own status (126 and 127 come from the
/// container's init when the command cannot be run or is not found).
extension ContainerCreateCommand {
    func createThroughEngine() async throws {
        try await reportingEngineErrors(exitCode: 125) {
            let request = try options.createRequest(publish: publish, attached: false, context: .current)
            let client = try engine.client()
            print(try await EngineCalls.create(client, name: options.name, request))
        }
    }
}

extension ContainerRunCommand {
    /// create, attach with the logs so far, start, copy the output, wait: the docker CLI's order, no
    /// polling. With `--rm` the container is AutoRemove (the engine removes it once it exited and
    /// the output was read, also when this process is gone) and the `wait?condition=removed` goes
    /// out before the start, so it is in before the container can exit and go.
    /// With `-i` the attach carries our stdin.
    func runThroughEngine() async throws {
        if options.interactive && !detach { return try await runInteractively() }
        let (client, id) = try await reportingEngineErrors(exitCode: 125) {
            let request = try createRequest(context: .current)
            let client = try engine.client()
            return (client, try await EngineCalls.create(client, name: options.name, request))
        }
        if detach {
            try await reportingEngineErrors(exitCode: 125) {
                try await EngineCalls.start(client, id, removing: rm)
                print(id)
            }
            return
        }
        let status = try await reportingEngineErrors(exitCode: 125) {
            let output: AsyncThrowingStream<OutputChunk, any Error>
            let waiter: Task<ContainerWaitResponse, any Error>?
            do {
                output = try await client.attachContainer(id, logs: true)
                waiter = rm ? try await EngineCalls.sentWait(client, id) : nil
            } catch {
                if rm { try? await client.removeContainer(id, force: true, removeVolumes: true) }
                throw error
            }
            try await EngineCalls.start(client, id, removing: rm)
            SignalProxy.forward { number in
                Task { try? await client.killContainer(id, signal: String(number)) }
            }
            try await EngineCalls.copyOutput(of: output)
            if let waiter { return try await waiter.value.statusCode }
            return try await client.waitContainer(id, condition: .notRunning).statusCode
        }
        throw ExitCode(Int32(truncatingIfNeeded: status))
    }
}

extension ContainerRunCommand {
    /// The create body of `run` (without `-i`): AutoRemove with `--rm`.
    func createRequest(context: RequestContext) throws -> ContainerCreateRequest {
        var request = try options.createRequest(publish: publish, attached: !detach, context: context)
        if rm { request.hostConfig?.autoRemove = true }
        return request
    }

    /// `run -i`: create, attach with our stdin (raw terminal with `-t`), start, copy the output until
    /// the container ends, wait, remove with `--rm`.
    func runInteractively() async throws {
        let raw = options.tty && isatty(STDIN_FILENO) == 1 ? TerminalMode.makeRaw() : nil
        defer { raw?.restore() }
        let status = try await reportingEngineErrors(exitCode: 125) {
            let request = try options.createRequest(publish: publish, attached: true, context: .current)
            let client = try engine.client()
            let id = try await EngineCalls.create(client, name: options.name, request)
            let output = try await client.attachContainer(id, input: StandardInput.stream())
            do {
                try await client.startContainer(id)
            } catch {
                if rm { try? await client.removeContainer(id, force: true, removeVolumes: true) }
                throw error
            }
            if options.tty, let size = TerminalMode.size() {
                try? await client.resizeContainer(id, height: size[0], width: size[1])
            }
            try await EngineCalls.copyOutput(of: output)
            let status = try await client.waitContainer(id, condition: .notRunning).statusCode
            if rm { try await client.removeContainer(id, force: true, removeVolumes: true) }
            return status
        }
        throw ExitCode(Int32(truncatingIfNeeded: status))
    }
}

/// Engine calls `berth container` commands share.
enum EngineCalls {
    /// Starts the container; when that fails, removes it if `removing` (`--rm`: the engine does so
    /// for an AutoRemove container too; this covers an older engine).
    static func start(_ client: SocketEngineClient, _ id: String, removing: Bool) async throws {
        do {
            try await client.startContainer(id)
        } catch {
            if removing { try? await client.removeContainer(id, force: true, removeVolumes: true) }
            throw error
        }
    }

    /// `wait?condition=removed`, sent before this returns (a task's request could go out after the
    /// start it must precede); the task gives the answer. The engine keeps the exit code of a
    /// container it removed, so even a wait read late gets it.
    static func sentWait(_ client: SocketEngineClient, _ id: String) async throws -> Task<
        ContainerWaitResponse, any Error
    > {
        let pending = try await client.sendWait(id, condition: .removed)
        return Task { try await pending.answer() }
    }

    /// Creates the container and returns its ID; when the engine does not have the image, pulls it
    /// (as `docker run` does) and tries once more. Warnings go to stderr.
    static func create(_ client: SocketEngineClient, name: String?, _ request: ContainerCreateRequest) async throws
        -> String
    {
        let response: ContainerCreateResponse
        do {
            response = try await client.createContainer(name: name, platform: nil, request)
        } catch let error as EngineClientError where error.code == .notFound {
            // A 404 may name a network too: pull only when the image is what is missing.
            guard let image = request.config.image, try await isMissing(image: image, client) else { throw error }
            FileHandle.standardError.write(Data("Unable to find image '\(image)' locally\n".utf8))
            for try await _ in client.pullImage(image, platform: nil, registryAuth: nil) {}
            response = try await client.createContainer(name: name, platform: nil, request)
        }
        for warning in response.warnings ?? [] {
            FileHandle.standardError.write(Data("WARNING: \(warning)\n".utf8))
        }
        return response.id
    }

    private static func isMissing(image: String, _ client: SocketEngineClient) async throws -> Bool {
        do {
            _ = try await client.inspectImage(image)
            return false
        } catch let error as EngineClientError where error.code == .notFound {
            return true
        }
    }

    /// Writes each chunk to our stdout or stderr as it arrives.
    static func copyOutput(of stream: AsyncThrowingStream<OutputChunk, any Error>) async throws {
        for try await chunk in stream {
            let handle = chunk.stream == .stderr ? FileHandle.standardError : FileHandle.standardOutput
            handle.write(Data(chunk.bytes))
        }
    }
}

/// Runs `body`; an engine error, a flag the API cannot carry or an unreachable engine is printed as
/// `berth: message` and ends the command with `exitCode` (docker's 125 for run and create, 1 else).
func reportingEngineErrors<T>(exitCode: Int32 = 1, _ body: () async throws -> T) async throws -> T {
    do {
        return try await body()
    } catch let error as EngineClientError {
        FileHandle.standardError.write(Data("berth: \(error.message)\n".utf8))
    } catch let error as CommandError {
        FileHandle.standardError.write(Data("berth: \(error)\n".utf8))
    } catch let error as ValidationError {
        FileHandle.standardError.write(Data("berth: \(error.message)\n".utf8))
    }
    throw ExitCode(exitCode)
}
