import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import Synchronization

/// An OCI distribution client for one registry: anonymous, basic or bearer-token auth (answering the
/// `WWW-Authenticate` challenge), HTTPS with the system CAs, plain HTTP only for localhost and insecure registries,
/// and retries with backoff on connection failures, 429 and 5xx.
final class RegistryClient: Sendable {
    let domain: String
    let baseURL: String
    let credentials: RegistryCredentials?
    let http: HTTPClient
    /// Authorization header values by scope.
    private let authorizations = Mutex<[String: String]>([:])
    static let attempts = 3

    init(
        domain: String, insecure: Set<String>, credentials: RegistryCredentials?,
        http: HTTPClient = RegistryClient.sharedHTTP
    ) {
        self.domain = domain
        let host = domain == ImageReference.defaultDomain ? "registry-1.docker.io" : domain
        let hostOnly =
            host.hasPrefix("[")
            ? String(host.prefix(through: host.firstIndex(of: "]") ?? host.startIndex))
            : String(host.split(separator: ":").first ?? "")
        let isLocal = ["localhost", "127.0.0.1", "[::1]"].contains(hostOnly) || insecure.contains(domain)
        baseURL = (isLocal ? "http://" : "https://") + host
        self.credentials = credentials ?? RegistryCredentials.fromDockerConfig(domain: domain)
        self.http = http
    }

    /// One client for the process. A failed connection fails the request at once, and `execute` backs off and
    /// retries; AHC's default re-dials until the request deadline, so a closed port took minutes to report.
    static let sharedHTTP: HTTPClient = {
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.timeout.connect = .seconds(10)
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }()

    /// A response with its whole (small) body.
    struct Reply {
        var status: HTTPResponseStatus
        var headers: HTTPHeaders
        var body: ByteBuffer
    }

    /// Sends a request, answering an auth challenge once, retrying transient failures.
    func send(
        _ method: HTTPMethod, _ url: String, headers: HTTPHeaders = [:], body: ByteBuffer? = nil, scope: String,
        limit: Int = 16 << 20
    ) async throws(ImageError) -> Reply {
        var request = HTTPClientRequest(url: url.hasPrefix("http") ? url : baseURL + url)
        request.method = method
        request.headers = headers
        if let body { request.body = .bytes(body) }
        var reply = try await execute(request, scope: scope, limit: limit)
        if reply.status == .unauthorized {
            try await authenticate(reply.headers.first(name: "WWW-Authenticate"), scope: scope)
            reply = try await execute(request, scope: scope, limit: limit)
            if reply.status == .unauthorized {
                throw ImageError(
                    .unauthorized,
                    "registry \(domain): authentication failed for \(scope) (check the user name and password)")
            }
        }
        return reply
    }

    private func execute(_ base: HTTPClientRequest, scope: String, limit: Int) async throws(ImageError) -> Reply {
        var request = base
        if let value = authorization(for: scope) { request.headers.replaceOrAdd(name: "Authorization", value: value) }
        var lastError: (any Error)?
        for attempt in 0..<Self.attempts {
            if attempt > 0 { try? await Task.sleep(for: .milliseconds(200 << attempt)) }
            do {
                let response = try await http.execute(request, timeout: .seconds(120))
                let body = try await response.body.collect(upTo: limit)
                let status = response.status
                if (status.code >= 500 || status == .tooManyRequests) && attempt + 1 < Self.attempts { continue }
                return Reply(status: status, headers: response.headers, body: body)
            } catch {
                if Task.isCancelled { throw ImageError(.io, "registry \(domain): cancelled", cause: error) }
                lastError = error
            }
        }
        throw ImageError(
            .unreachable, "registry \(domain): cannot reach \(baseURL) after \(Self.attempts) attempts",
            cause: lastError)
    }

    func authorization(for scope: String) -> String? {
        authorizations.withLock { $0[scope] ?? $0["basic"] }
    }

    /// Answers a challenge: Basic with the credentials, Bearer by asking the token service named in it.
    func authenticate(_ header: String?, scope: String) async throws(ImageError) {
        guard let header, let challenge = AuthChallenge(header) else {
            throw ImageError(.unauthorized, "registry \(domain): 401 without a WWW-Authenticate challenge")
        }
        switch challenge.scheme {
        case "basic":
            guard let credentials else {
                throw ImageError(.unauthorized, "registry \(domain): needs a user name and password (none configured)")
            }
            authorizations.withLock {
                $0[scope] = credentials.basicHeader; $0["basic"] = credentials.basicHeader
            }
        case "bearer":
            let token = try await fetchToken(challenge, scope: scope)
            authorizations.withLock { $0[scope] = "Bearer " + token }
        default:
            throw ImageError(.unauthorized, "registry \(domain): unsupported auth scheme \(challenge.scheme)")
        }
    }

    private func fetchToken(_ challenge: AuthChallenge, scope: String) async throws(ImageError) -> String {
        guard let realm = challenge.parameters["realm"], var components = URLComponents(string: realm) else {
            throw ImageError(.unauthorized, "registry \(domain): bearer challenge without a realm")
        }
        var items = components.queryItems ?? []
        if let service = challenge.parameters["service"] { items.append(URLQueryItem(name: "service", value: service)) }
        for part in scope.split(separator: " ") { items.append(URLQueryItem(name: "scope", value: String(part))) }
        components.queryItems = items
        guard let url = components.string else {
            throw ImageError(.unauthorized, "registry \(domain): bad realm \(realm)")
        }
        var request = HTTPClientRequest(url: url)
        if let credentials { request.headers.add(name: "Authorization", value: credentials.basicHeader) }
        do {
            let response = try await http.execute(request, timeout: .seconds(60))
            let body = try await response.body.collect(upTo: 1 << 20)
            guard response.status == .ok else {
                throw ImageError(
                    .unauthorized,
                    "registry \(domain): token service \(realm) refused (\(response.status.code)); check the credentials"
                )
            }
            let token = try JSONDecoder().decode(TokenReply.self, from: Data(body.readableBytesView))
            guard let value = token.token ?? token.access_token else {
                throw ImageError(.unauthorized, "registry \(domain): token service \(realm) sent no token")
            }
            return value
        } catch let error as ImageError {
            throw error
        } catch {
            throw ImageError(.unreachable, "registry \(domain): token service \(realm) failed", cause: error)
        }
    }

    /// The registry's error text for a failed reply (`MANIFEST_UNKNOWN: manifest unknown`).
    static func describe(_ reply: Reply) -> String {
        let data = Data(reply.body.readableBytesView)
        if let errors = try? JSONDecoder().decode(ErrorReply.self, from: data), let first = errors.errors.first {
            return "\(reply.status.code) \(first.code): \(first.message ?? "")"
        }
        return "\(reply.status.code) \(reply.status.reasonPhrase)"
    }

    private struct TokenReply: Decodable {
        var token: String?
        var access_token: String?
    }

    private struct ErrorReply: Decodable {
        struct Entry: Decodable {
            var code: String
            var message: String?
        }
        var errors: [Entry]
    }
}
