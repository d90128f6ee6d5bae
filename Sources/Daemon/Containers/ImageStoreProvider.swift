import EngineAPI
import Images

/// Container create's view of the image store: the layers and config defaults of an image.
struct ImageStoreProvider: ImageProvider {
    let store: ImageStore

    func defaults(for reference: String) throws -> ImageDefaults {
        do {
            let record = try store.inspect(reference)
            var defaults = ImageDefaults(
                id: record.id.description, layers: try store.layerPaths(for: record.id.description))
            guard let config = record.config.config else { return defaults }
            defaults.env = config.Env ?? []
            defaults.cmd = config.Cmd
            defaults.entrypoint = config.Entrypoint
            defaults.workingDir = config.WorkingDir
            defaults.user = config.User
            defaults.stopSignal = config.StopSignal
            defaults.volumes = (config.Volumes ?? [:]).keys.sorted()
            defaults.exposedPorts = (config.ExposedPorts ?? [:]).keys.sorted()
            defaults.labels = config.Labels ?? [:]
            if let check = config.Healthcheck {
                var health = HealthConfig()
                health.test = check.Test
                health.interval = check.Interval
                health.timeout = check.Timeout
                health.retries = check.Retries
                health.startPeriod = check.StartPeriod
                health.startInterval = check.StartInterval
                defaults.healthcheck = health
            }
            return defaults
        } catch {
            throw Self.apiError(error, reference: reference)
        }
    }

    static func apiError(_ error: ImageError, reference: String) -> APIError {
        switch error.code {
        case .notFound: return APIError.notFound("No such image: \(reference)")
        case .invalidReference: return APIError.badRequest(error.description)
        case .conflict: return APIError.conflict(error.description)
        default: return APIError.server(error.description)
        }
    }
}
