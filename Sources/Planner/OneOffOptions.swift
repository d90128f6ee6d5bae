/// The options of `run` that change its plan: the one-off container's name and labels, and what is done
/// about the service's dependencies.
package struct OneOffOptions: Sendable, Equatable {
    /// The container's name (`--name`, or `<project>-<service>-run-<slug prefix>`).
    package var name: String
    /// The random 64-hex slug recorded in `com.docker.compose.slug`.
    package var slug: String
    /// `--no-deps`: neither start the dependencies nor wait for them.
    package var noDependencies: Bool
    /// `--use-aliases`: the service's name and aliases are network aliases of the container too.
    package var useAliases: Bool
    /// Whether the engine removes the container when it exits (`run --rm -d`).
    package var autoRemove: Bool
    /// `--remove-orphans`.
    package var removeOrphans: Bool
    /// Whether the container keeps stdin open for an attached client (`run` without -d).
    package var interactive = false
    /// Whether it runs on a terminal (`run` on a terminal without -T).
    package var tty = false

    /// Creates options.
    package init(
        name: String, slug: String, noDependencies: Bool = false, useAliases: Bool = false, autoRemove: Bool = false,
        removeOrphans: Bool = false
    ) {
        self.name = name
        self.slug = slug
        self.noDependencies = noDependencies
        self.useAliases = useAliases
        self.autoRemove = autoRemove
        self.removeOrphans = removeOrphans
    }

    /// Docker Compose's name of a one-off container: `<project>-<service>-run-<first 12 of the slug>`.
    package static func containerName(project: String, service: String, slug: String) -> String {
        "\(project)-\(service)-run-\(slug.prefix(12))"
    }
}
