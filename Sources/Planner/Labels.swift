/// The container, network and volume labels that Docker Compose uses, so that berth and Docker Compose
/// read each other's projects.
public enum Labels {
    public static let project = "com.docker.compose.project"
    public static let service = "com.docker.compose.service"
    public static let containerNumber = "com.docker.compose.container-number"
    public static let configHash = "com.docker.compose.config-hash"
    public static let oneoff = "com.docker.compose.oneoff"
    public static let workingDir = "com.docker.compose.project.working_dir"
    public static let configFiles = "com.docker.compose.project.config_files"
    public static let dependsOn = "com.docker.compose.depends_on"
    public static let image = "com.docker.compose.image"
    public static let version = "com.docker.compose.version"
    public static let network = "com.docker.compose.network"
    public static let volume = "com.docker.compose.volume"
}
