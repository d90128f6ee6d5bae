import NIOHTTP1

/// Maps a method and a path pattern (`/containers/{id}/start`) to a handler; handlers run on their
/// own thread and may block.
package struct Router: Sendable {
    /// A route's handler.
    package typealias Handler = @Sendable (APIRequest) throws -> APIResponse

    private struct Route: Sendable {
        var method: HTTPMethod
        var segments: [Substring]
        var handler: Handler
        var streamsBody = false
    }

    private var routes: [Route] = []

    /// An empty router.
    package init() {}

    /// Adds `handler` for `method` on `pattern`; `{name}` segments match one path segment each, and
    /// one `{name*}` segment matches one or more (image names contain slashes).
    package mutating func add(_ method: HTTPMethod, _ pattern: String, _ handler: @escaping Handler) {
        routes.append(Route(method: method, segments: pattern.split(separator: "/"), handler: handler))
    }

    /// Adds `handler` for a route whose body is handed over while it arrives (`APIRequest.streamedBody`)
    /// instead of being buffered: archives and image tarballs have no size limit.
    package mutating func addStreaming(_ method: HTTPMethod, _ pattern: String, _ handler: @escaping Handler) {
        routes.append(
            Route(method: method, segments: pattern.split(separator: "/"), handler: handler, streamsBody: true))
    }

    /// Whether the route for `method` and `path` reads its body as a stream.
    package func streamsBody(_ method: HTTPMethod, _ path: String) -> Bool {
        let segments = path.split(separator: "/")
        return routes.contains { $0.streamsBody && $0.method == method && match($0.segments, segments) != nil }
    }

    /// Runs the route that matches `request`. Unknown paths are 404 and known paths with another
    /// method are 405, as dockerd answers; thrown `APIError`s become Docker's error body.
    package func respond(to request: APIRequest) -> APIResponse {
        let segments = request.path.split(separator: "/")
        var pathMatched = false
        for route in routes {
            guard let parameters = match(route.segments, segments) else { continue }
            pathMatched = true
            // HEAD is served by the GET route (without a body) when no HEAD route exists.
            guard route.method == request.method || (request.method == .HEAD && route.method == .GET) else {
                continue
            }
            var matched = request
            matched.parameters = parameters
            do {
                return try route.handler(matched)
            } catch let error as APIError {
                return .error(error)
            } catch {
                return .error(APIError.server("\(error)"))
            }
        }
        if pathMatched {
            return .error(APIError(.methodNotAllowed, "\(request.method) is not allowed on \(request.path)"))
        }
        return .error(APIError.notFound("page not found"))
    }

    private func match(_ pattern: [Substring], _ path: [Substring]) -> [String: String]? {
        if let greedy = pattern.firstIndex(where: { $0.hasSuffix("*}") }) {
            let suffixCount = pattern.count - greedy - 1
            guard path.count >= pattern.count,
                var parameters = match(Array(pattern[..<greedy]), Array(path[..<greedy])),
                let suffix = match(Array(pattern.suffix(suffixCount)), Array(path.suffix(suffixCount)))
            else { return nil }
            let name = String(pattern[greedy].dropFirst().dropLast(2))
            parameters[name] = path[greedy..<(path.count - suffixCount)].joined(separator: "/")
            parameters.merge(suffix) { $1 }
            return parameters
        }
        guard pattern.count == path.count else { return nil }
        var parameters: [String: String] = [:]
        for (expected, actual) in zip(pattern, path) {
            if expected.first == "{" && expected.last == "}" {
                parameters[String(expected.dropFirst().dropLast())] = String(actual)
            } else if expected != actual {
                return nil
            }
        }
        return parameters
    }
}
