extension Canonical {
    /// Where each short syntax lives. The first matching pattern wins; the walk then continues inside the
    /// rewritten node, so `services.*.build` turning a string into a mapping still lets `build.args` apply.
    static let rules: [Rule] = serviceRules + buildRules + nestedServiceRules + resourceRules

    private static let serviceRules: [Rule] = [
        Rule("services.*.ports", ports),
        Rule("services.*.volumes.*", volume),
        Rule("services.*.environment", keyValues(.environment)),
        Rule("services.*.labels", keyValues(.label)),
        Rule("services.*.annotations", keyValues(.label)),
        Rule("services.*.sysctls", keyValues(.label)),
        Rule("services.*.extra_hosts", extraHosts),
        Rule("services.*.depends_on", dependsOn),
        Rule("services.*.networks", namesToMapping),
        Rule("services.*.models", namesToMapping),
        Rule("services.*.secrets.*", fileMount),
        Rule("services.*.configs.*", fileMount),
        Rule("services.*.devices.*", device),
        Rule("services.*.env_file", envFiles),
        Rule("services.*.label_file", stringToList),
        Rule("services.*.dns", dns),
        Rule("services.*.dns_search", stringToList),
        Rule("services.*.tmpfs", stringToList),
        Rule("services.*.extends", extends),
        Rule("services.*.gpus", gpus),
        Rule("services.*.build", build),
    ]

    private static let buildRules: [Rule] = [
        Rule("services.*.build.args", keyValues(.environment)),
        Rule("services.*.build.labels", keyValues(.label)),
        Rule("services.*.build.additional_contexts", keyValues(.strict)),
        Rule("services.*.build.extra_hosts", extraHosts),
        Rule("services.*.build.ssh", ssh),
        Rule("services.*.build.secrets.*", fileMount),
    ]

    private static let nestedServiceRules: [Rule] = [
        Rule("services.*.deploy.labels", keyValues(.label)),
        Rule("services.*.deploy.resources.reservations.devices.*.options", keyValues(.label)),
        Rule("services.*.gpus.*.options", keyValues(.label)),
        Rule("services.*.volumes.*.volume.labels", keyValues(.label)),
        Rule("services.*.post_start.*.environment", keyValues(.environment)),
        Rule("services.*.pre_stop.*.environment", keyValues(.environment)),
        Rule("services.*.develop.watch.*.exec.environment", keyValues(.environment)),
        Rule("services.*.develop.watch.*.ignore", stringToList),
        Rule("services.*.develop.watch.*.include", stringToList),
    ]

    private static let resourceRules: [Rule] = [
        Rule("networks.*", external),
        Rule("volumes.*", external),
        Rule("secrets.*", external),
        Rule("configs.*", external),
        Rule("networks.*.labels", keyValues(.label)),
        Rule("volumes.*.labels", keyValues(.label)),
        Rule("secrets.*.labels", keyValues(.label)),
        Rule("configs.*.labels", keyValues(.label)),
        Rule("networks.*.driver_opts", keyValues(.label)),
        Rule("volumes.*.driver_opts", keyValues(.label)),
        Rule("include.*", include),
    ]
}
