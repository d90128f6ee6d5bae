extension Service {
    /// The YAML keys of a service, in compose-go's order; `name` is the key under `services`, not a field.
    enum CodingKeys: String, ModelKey {
        case profiles
        case annotations
        case attach
        case build
        case develop
        case blkioConfig = "blkio_config"
        case capAdd = "cap_add"
        case capDrop = "cap_drop"
        case cgroupParent = "cgroup_parent"
        case cgroup
        case cpuCount = "cpu_count"
        case cpuPercent = "cpu_percent"
        case cpuPeriod = "cpu_period"
        case cpuQuota = "cpu_quota"
        case cpuRealtimePeriod = "cpu_rt_period"
        case cpuRealtimeRuntime = "cpu_rt_runtime"
        case cpus
        case cpuset
        case cpuShares = "cpu_shares"
        case command
        case configs
        case containerName = "container_name"
        case credentialSpec = "credential_spec"
        case dependsOn = "depends_on"
        case deploy
        case deviceCgroupRules = "device_cgroup_rules"
        case devices
        case dns
        case dnsOptions = "dns_opt"
        case dnsSearch = "dns_search"
        case domainName = "domainname"
        case entrypoint
        case provider
        case environment
        case envFiles = "env_file"
        case expose
        case extends
        case externalLinks = "external_links"
        case extraHosts = "extra_hosts"
        case groupAdd = "group_add"
        case gpus
        case hostname
        case healthcheck
        case image
        case initProcess = "init"
        case ipc
        case isolation
        case labels
        case labelFiles = "label_file"
        case links
        case logging
        case macAddress = "mac_address"
        case memoryLimit = "mem_limit"
        case memoryReservation = "mem_reservation"
        case memorySwapLimit = "memswap_limit"
        case memorySwappiness = "mem_swappiness"
        case models
        case networkMode = "network_mode"
        case networks
        case oomKillDisable = "oom_kill_disable"
        case oomScoreAdjustment = "oom_score_adj"
        case pid
        case pidsLimit = "pids_limit"
        case platform
        case ports
        case privileged
        case pullPolicy = "pull_policy"
        case pullRefreshAfter = "pull_refresh_after"
        case readOnly = "read_only"
        case restart
        case runtime
        case scale
        case secrets
        case securityOptions = "security_opt"
        case shmSize = "shm_size"
        case stdinOpen = "stdin_open"
        case stopGracePeriod = "stop_grace_period"
        case stopSignal = "stop_signal"
        case storageOptions = "storage_opt"
        case sysctls
        case tmpfs
        case tty
        case ulimits
        case usesAPISocket = "use_api_socket"
        case user
        case usernsMode = "userns_mode"
        case uts
        case volumes
        case volumesFrom = "volumes_from"
        case workingDir = "working_dir"
        case postStart = "post_start"
        case preStop = "pre_stop"
        case extensions

        var rule: FieldRule {
            switch self {
            case .attach, .initProcess, .scale, .stopGracePeriod: .keepZero
            case .command, .entrypoint: .nullInJSON
            case .extensions: .inlineExtensions(inJSON: false)
            default: .omitEmpty
            }
        }

        var reading: FieldReading {
            switch self {
            case .dns, .dnsSearch, .labelFiles, .tmpfs: .stringOrList
            default: .plain
            }
        }
    }
}
