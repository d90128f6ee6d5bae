/// The container, network and volume labels that Docker Compose uses, so that berth and Docker Compose
/// read each other's projects.
public enum Labels {
    /// The project's name.
    public static let project = "com.docker.compose.project"
    /// The service's name.
    public static let service = "com.docker.compose.service"
    /// The replica number of a container (1, 2, ...); absent on one-off containers.
    public static let containerNumber = "com.docker.compose.container-number"
    /// The config hash of the service (containers) or of the network or volume.
    public static let configHash = "com.docker.compose.config-hash"
    /// `True` on containers of `run`, `False` on the others.
    public static let oneoff = "com.docker.compose.oneoff"
    /// The project folder.
    public static let workingDir = "com.docker.compose.project.working_dir"
    /// The compose files, joined with commas.
    public static let configFiles = "com.docker.compose.project.config_files"
    /// The env files given on the command line, joined with commas.
    public static let environmentFile = "com.docker.compose.project.environment_file"
    /// The service's dependencies as `name:condition:restart`, joined with commas.
    public static let dependsOn = "com.docker.compose.depends_on"
    /// The ID of the image the container was created from.
    public static let image = "com.docker.compose.image"
    /// The compose version that created the object.
    public static let version = "com.docker.compose.version"
    /// The network's key in the compose file.
    public static let network = "com.docker.compose.network"
    /// The volume's key in the compose file.
    public static let volume = "com.docker.compose.volume"
    /// The random suffix of a one-off container's name (`run`).
    public static let slug = "com.docker.compose.slug"
}
