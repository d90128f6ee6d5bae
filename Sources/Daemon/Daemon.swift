import BerthNetwork
import Foundation
import Logging

#if canImport(Glibc)
    import Glibc
#endif

/// `berth daemon`: binds the API, serves until SIGTERM or SIGINT, then closes the listeners.
/// Containers keep running (their shims hold them) when the daemon stops or is killed.
package enum Daemon {
    /// Runs the daemon in the calling thread until a termination signal arrives.
    package static func run(configuration: DaemonConfiguration, logger: Logger) throws {
        try configuration.validate()
        // Block the termination signals before NIO starts threads, so only sigwait below sees them.
        var signals = sigset_t()
        sigemptyset(&signals)
        sigaddset(&signals, SIGTERM)
        sigaddset(&signals, SIGINT)
        pthread_sigmask(SIG_BLOCK, &signals, nil)
        let state = try DaemonState(
            configuration: configuration, logger: logger, networkOptions: networkOptions(configuration))
        let server = APIServer(configuration: configuration, router: makeRouter(state), logger: logger)
        try server.start()
        state.startBackgroundWork()
        logger.info(
            "berth daemon started", metadata: ["version": "\(BerthVersion.string)", "root": "\(configuration.root)"])
        var received: Int32 = 0
        sigwait(&signals, &received)
        logger.info("shutting down", metadata: ["signal": "\(received)"])
        state.stopBackgroundWork()
        server.shutdown()
    }

    /// The network manager's settings: dockerd's default pools unless the configuration names some.
    static func networkOptions(_ configuration: DaemonConfiguration) throws -> NetworkManager.Options {
        var options = NetworkManager.Options()
        options.enableIPForward = configuration.ipForward
        options.bridgePrefix = configuration.bridgePrefix
        options.chains = FirewallChains(prefix: configuration.chainPrefix)
        if !configuration.defaultAddressPools.isEmpty {
            options.pools = try configuration.defaultAddressPools.map { pool in
                do {
                    return AddressPool(base: try Subnet(parsing: pool.base), size: pool.size)
                } catch {
                    throw ConfigurationError("default-address-pools: \(pool.base): \(error)")
                }
            }
        }
        return options
    }

    /// Every route of the API.
    package static func makeRouter(_ state: DaemonState) -> Router {
        var router = Router()
        SystemRoutes.register(on: &router, daemon: state)
        DiskUsageRoutes.register(on: &router, daemon: state)
        VolumeRoutes.register(on: &router, daemon: state)
        ImageRoutes.register(on: &router, daemon: state)
        NetworkRoutes.register(on: &router, daemon: state)
        ContainerRoutes.register(on: &router, containers: state.containers, execs: state.execs)
        return router
    }
}
