import Testing

@testable import ComposeSpec

@Suite struct CanonicalTests {
    /// `services.web.<key>: <short>` in canonical form must equal `<long>` (both written as YAML).
    private func expectService(_ key: String, _ short: String, _ long: String) throws {
        let document = try CanonicalFixture.canonical("services: {web: {\(key): \(short)}}")
        #expect(document.diagnostics.map(\.description) == [])
        let expected = try CanonicalFixture.parse(long)
        #expect(CanonicalFixture.render(document.node["services"]?["web"]?[key]) == CanonicalFixture.render(expected))
    }

    /// `services.web.<key>: <short>` must be reported as one diagnostic that ends with `message`.
    private func expectDiagnostic(_ key: String, _ short: String, _ message: String) throws {
        let document = try CanonicalFixture.canonical("services: {web: {\(key): \(short)}}")
        #expect(document.diagnostics.count == 1)
        #expect(document.diagnostics.first?.message == message)
    }

    static let shortPorts: [(String, String)] = [
        ("3000", "[{mode: ingress, target: 3000, protocol: tcp}]"),
        (
            "'3000-3002'",
            """
            [{mode: ingress, target: 3000, protocol: tcp}, {mode: ingress, target: 3001, protocol: tcp},
             {mode: ingress, target: 3002, protocol: tcp}]
            """
        ),
        ("'8000:8000'", "[{mode: ingress, target: 8000, published: '8000', protocol: tcp}]"),
        (
            "'9090-9091:8080-8081'",
            """
            [{mode: ingress, target: 8080, published: '9090', protocol: tcp},
             {mode: ingress, target: 8081, published: '9091', protocol: tcp}]
            """
        ),
        ("'49100:22'", "[{mode: ingress, target: 22, published: '49100', protocol: tcp}]"),
        (
            "'127.0.0.1:8001:8001'",
            "[{mode: ingress, host_ip: 127.0.0.1, target: 8001, published: '8001', protocol: tcp}]"
        ),
        (
            "'127.0.0.1:5000-5001:5000-5001'",
            """
            [{mode: ingress, host_ip: 127.0.0.1, target: 5000, published: '5000', protocol: tcp},
             {mode: ingress, host_ip: 127.0.0.1, target: 5001, published: '5001', protocol: tcp}]
            """
        ),
        ("'[::1]:6001:6001'", "[{mode: ingress, host_ip: '::1', target: 6001, published: '6001', protocol: tcp}]"),
        ("'::1:6000:6000'", "[{mode: ingress, host_ip: '::1', target: 6000, published: '6000', protocol: tcp}]"),
        ("'6060:6060/udp'", "[{mode: ingress, target: 6060, published: '6060', protocol: udp}]"),
        ("'53:53/UDP'", "[{mode: ingress, target: 53, published: '53', protocol: udp}]"),
        ("'80/sctp'", "[{mode: ingress, target: 80, protocol: sctp}]"),
        ("'12400-12500:1240'", "[{mode: ingress, target: 1240, published: 12400-12500, protocol: tcp}]"),
        ("'127.0.0.1::80'", "[{mode: ingress, host_ip: 127.0.0.1, target: 80, protocol: tcp}]"),
        ("'0080:080'", "[{mode: ingress, target: 80, published: '80', protocol: tcp}]"),
        ("[{target: 80, published: 8080}]", "[{target: 80, published: 8080, mode: ingress, protocol: tcp}]"),
        ("[{target: 80, mode: host, protocol: udp}]", "[{target: 80, mode: host, protocol: udp}]"),
    ]

    @Test(arguments: shortPorts)
    func shortPortBecomesOneMappingPerPort(_ short: String, _ long: String) throws {
        let items = short.hasPrefix("[") ? short : "[\(short)]"
        try expectService("ports", items, long)
    }

    static let badPorts: [(String, String)] = [
        ("abc", "container port \"abc\" is not a port or port range in 0-65535"),
        ("80/icmp", "unknown protocol \"icmp\", expected tcp, udp or sctp"),
        ("1.2.3:80:80", "invalid host IP \"1.2.3\""),
        ("'[::1:80:80'", "invalid host IP \"[::1\""),
        ("9090-9092:8080-8081", "host port range 9090-9092 and container port range 8080-8081 differ in size"),
        ("70000", "container port \"70000\" is not a port or port range in 0-65535"),
        ("'abc:80'", "host port \"abc\" is not a port or port range in 0-65535"),
        ("8081-8080", "container port range \"8081-8080\" ends before it starts"),
        ("'80:'", "no container port"),
    ]

    @Test(arguments: badPorts)
    func badPortIsReported(_ short: String, _ reason: String) throws {
        let text = short.hasPrefix("'") ? String(short.dropFirst().dropLast()) : short
        let message = "invalid port \"\(text)\": \(reason), expected [HOST_IP:][HOST_PORT:]CONTAINER_PORT[/PROTOCOL]"
        try expectDiagnostic("ports", "['\(text)']", message)
    }

    @Test func badPortIsReportedAtItsLineAndColumn() throws {
        let yaml = """
            services:
              web:
                image: nginx
                ports:
                  - "8080:80"
                  - "abc"
            """
        let document = try CanonicalFixture.canonical(yaml)
        #expect(
            document.diagnostics.map(\.description) == [
                "compose.yaml:6:9: error: services.web.ports[1]: invalid port \"abc\": container port \"abc\" is not "
                    + "a port or port range in 0-65535, expected [HOST_IP:][HOST_PORT:]CONTAINER_PORT[/PROTOCOL]"
            ])
        #expect(document.node["services"]?["web"]?["ports"]?.items?.last?.scalar == "abc")
    }

    static let shortVolumes: [(String, String)] = [
        ("/var/lib/anonymous", "{type: volume, target: /var/lib/anonymous, volume: {}}"),
        (
            "/opt/data:/var/lib/data",
            "{type: bind, source: /opt/data, target: /var/lib/data, bind: {create_host_path: true}}"
        ),
        (".:/code", "{type: bind, source: ., target: /code, bind: {create_host_path: true}}"),
        (
            "./static:/var/www/html",
            "{type: bind, source: ./static, target: /var/www/html, bind: {create_host_path: true}}"
        ),
        (
            "~/configs:/etc/configs:ro",
            "{type: bind, source: ~/configs, target: /etc/configs, read_only: true, bind: {create_host_path: true}}"
        ),
        ("datavolume:/var/lib/volume", "{type: volume, source: datavolume, target: /var/lib/volume, volume: {}}"),
        ("'~/x:/y:rw,z'", "{type: bind, source: ~/x, target: /y, bind: {selinux: z, create_host_path: true}}"),
        (
            "'/a:/b:ro,rshared'",
            "{type: bind, source: /a, target: /b, read_only: true, bind: {propagation: rshared, "
                + "create_host_path: true}}"
        ),
        ("/a:/b:cached", "{type: bind, source: /a, target: /b, consistency: cached, bind: {create_host_path: true}}"),
        ("data:/d:nocopy", "{type: volume, source: data, target: /d, volume: {nocopy: true}}"),
        ("data:/d:Z", "{type: volume, source: data, target: /d, bind: {selinux: Z}, volume: {}}"),
        (#"'C:\data:/data'"#, #"{type: bind, source: 'C:\data', target: /data, bind: {create_host_path: true}}"#),
        (
            #"'\\.\pipe\docker_engine:\\.\pipe\docker_engine'"#,
            #"{type: bind, source: '\\.\pipe\docker_engine', target: '\\.\pipe\docker_engine', "#
                + "bind: {create_host_path: true}}"
        ),
        ("/a/../b/:/x/./y/../z/", "{type: bind, source: /a/../b/, target: /x/z, bind: {create_host_path: true}}"),
        ("'${DATA:-/d}:/data'", "{type: volume, source: '${DATA:-/d}', target: /data, volume: {}}"),
        ("ab", "{type: volume, target: ab}"),
        ("{type: tmpfs, target: /t}", "{type: tmpfs, target: /t}"),
    ]

    @Test(arguments: shortVolumes)
    func shortVolumeBecomesLong(_ short: String, _ long: String) throws {
        try expectService("volumes", "[\(short)]", "[\(long)]")
    }

    static let badVolumes: [(String, String)] = [
        ("/a::/b", "empty section between colons"),
        ("/a:/b:ro:x", "too many colons"),
        ("/a:/b:", "empty section between colons"),
        ("", "the spec is empty"),
    ]

    @Test(arguments: badVolumes)
    func badVolumeIsReported(_ short: String, _ reason: String) throws {
        let message = "invalid volume \"\(short)\": \(reason), expected [SOURCE:]TARGET[:MODE]"
        try expectDiagnostic("volumes", "['\(short)']", message)
    }

    @Test func unknownVolumeOptionIsAWarning() throws {
        let document = try CanonicalFixture.canonical("services: {web: {volumes: ['/a:/b:ro,fast']}}")
        #expect(document.diagnostics.map(\.severity) == [.warning])
        #expect(document.diagnostics.first?.message == "unknown volume option \"fast\" in \"/a:/b:ro,fast\" is ignored")
        #expect(document.node["services"]?["web"]?["volumes"]?.items?.first?["read_only"]?.scalar == "true")
    }

    static let shortForms: [(String, String, String)] = [
        ("environment", "[A=1, B, C=, D=x=y, A=2]", "{A: '2', B: null, C: '', D: x=y}"),
        ("environment", "{A: 1, B: null}", "{A: 1, B: null}"),
        ("labels", "[com.example=1, empty]", "{com.example: '1', empty: null}"),
        ("annotations", "[com.example.foo=bar]", "{com.example.foo: bar}"),
        ("sysctls", "[net.core.somaxconn=1024]", "{net.core.somaxconn: '1024'}"),
        (
            "extra_hosts",
            "['somehost=162.242.195.82', 'other:50.31.209.229', 'v6=::1', 'v6b=[::1]', 'two=1.1.1.1,2.2.2.2']",
            "{somehost: [162.242.195.82], other: [50.31.209.229], v6: ['::1'], v6b: ['::1'], two: [1.1.1.1, 2.2.2.2]}"
        ),
        ("extra_hosts", "['v6:::1', 'a=1.1.1.1', 'a=2.2.2.2']", "{v6: ['::1'], a: [1.1.1.1, 2.2.2.2]}"),
        ("extra_hosts", "{a: 1.2.3.4, b: [1.1.1.1, '[::1]']}", "{a: [1.2.3.4], b: [1.1.1.1, '::1']}"),
        (
            "depends_on", "[db, redis]",
            "{db: {condition: service_started, required: true}, redis: {condition: service_started, required: true}}"
        ),
        (
            "depends_on", "{db: {condition: service_healthy}, cache: {required: false}}",
            "{db: {condition: service_healthy, required: true}, cache: {required: false, condition: service_started}}"
        ),
        ("networks", "[front, back]", "{front: null, back: null}"),
        ("networks", "{front: {aliases: [a]}}", "{front: {aliases: [a]}}"),
        ("models", "[llm]", "{llm: null}"),
        ("secrets", "[token, {source: key, target: /k}]", "[{source: token}, {source: key, target: /k}]"),
        ("configs", "[conf]", "[{source: conf}]"),
        ("build", "./dir", "{context: ./dir}"),
        ("env_file", ".env", "[{path: .env, required: true}]"),
        (
            "env_file", "[a.env, {path: b.env}, {path: c.env, required: false}]",
            "[{path: a.env, required: true}, {path: b.env, required: true}, {path: c.env, required: false}]"
        ),
        ("label_file", "a.label", "[a.label]"),
        (
            "ulimits", "{nproc: 65535, nofile: {soft: 1, hard: 2}}",
            "{nproc: 65535, nofile: {soft: 1, hard: 2}}"
        ),
        (
            "devices", "['/dev/a:/dev/b:rw', /dev/c, '/dev/d:/dev/e']",
            """
            [{source: /dev/a, target: /dev/b, permissions: rw}, {source: /dev/c, target: /dev/c, permissions: rwm},
             {source: /dev/d, target: /dev/e, permissions: rwm}]
            """
        ),
        ("tmpfs", "/run", "[/run]"),
        ("dns", "8.8.8.8", "[8.8.8.8]"),
        ("dns_search", "example.com", "[example.com]"),
        ("extends", "base", "{service: base}"),
        ("gpus", "all", "[{count: all}]"),
        ("links", "[db, 'db:database']", "[db, 'db:database']"),
        ("command", "echo hi", "echo hi"),
    ]

    @Test(arguments: shortForms)
    func shortFormBecomesLong(_ key: String, _ short: String, _ long: String) throws {
        try expectService(key, short, long)
    }

    static let shortBuildForms: [(String, String)] = [
        ("{args: [A=1, B]}", "{args: {A: '1', B: null}}"),
        ("{labels: [FOO=BAR]}", "{labels: {FOO: BAR}}"),
        ("{ssh: [default, key=/path]}", "{ssh: {default: null, key: /path}}"),
        ("{additional_contexts: [foo=./bar]}", "{additional_contexts: {foo: ./bar}}"),
        ("{secrets: [token]}", "{secrets: [{source: token}]}"),
        ("{extra_hosts: ['a=1.1.1.1']}", "{extra_hosts: {a: [1.1.1.1]}}"),
        // One number for both limits stays one number, as compose-go writes it.
        ("{ulimits: {nofile: 10}}", "{ulimits: {nofile: 10}}"),
    ]

    @Test(arguments: shortBuildForms)
    func shortBuildFormBecomesLong(_ short: String, _ long: String) throws {
        try expectService("build", short, long)
    }

    static let badShortForms: [(String, String, String)] = [
        ("environment", "['A =1']", "environment variable \"A \" is declared with a trailing space"),
        ("extra_hosts", "[nohost]", "invalid extra host \"nohost\": missing IP address, expected HOST=IP"),
        ("extra_hosts", "['=1.1.1.1']", "bad host name \"\""),
        ("devices", "['a:b:c:d']", "invalid device \"a:b:c:d\": too many colons, use the long syntax"),
        ("build", "{ssh: [mykey]}", "invalid ssh key \"mykey\", expected default or ID=PATH"),
        ("build", "{additional_contexts: [foo]}", "invalid value \"foo\", expected KEY=VALUE"),
    ]

    @Test(arguments: badShortForms)
    func badShortFormIsReported(_ key: String, _ short: String, _ message: String) throws {
        try expectDiagnostic(key, short, message)
    }
}

extension CanonicalTests {
    @Test func deprecatedExternalNameBecomesName() throws {
        let document = try CanonicalFixture.canonical("networks: {outside: {external: {name: my-net}}}")
        let expected = try CanonicalFixture.parse("{name: my-net, external: true}")
        #expect(CanonicalFixture.render(document.node["networks"]?["outside"]) == CanonicalFixture.render(expected))
        #expect(document.node["networks"]?["outside"]?.entries?.map(\.key) == ["name", "external"])
        #expect(
            document.diagnostics.map(\.description) == [
                "compose.yaml:1:39: warning: networks.outside.external.name: "
                    + "external.name is deprecated, set name and external: true instead"
            ])
    }

    @Test func externalNameConflictingWithNameIsAnError() throws {
        let document = try CanonicalFixture.canonical("volumes:\n  data:\n    name: a\n    external:\n      name: b\n")
        #expect(
            document.diagnostics.map(\.description) == [
                "compose.yaml:5:13: warning: volumes.data.external.name: "
                    + "external.name is deprecated, set name and external: true instead",
                "compose.yaml:4:5: error: volumes.data: name and external.name conflict; only use name",
            ])
    }

    @Test func externalWithoutNameBecomesTrue() throws {
        let document = try CanonicalFixture.canonical("secrets: {token: {external: {}}, other: {external: true}}")
        #expect(
            CanonicalFixture.render(document.node["secrets"]) == "{other: {external: true}, token: {external: true}}")
        #expect(document.diagnostics.isEmpty)
    }

    @Test func resourceLabelsAndDriverOptionsBecomeMappings() throws {
        let document = try CanonicalFixture.canonical(
            "networks: {n: {labels: [a=1], driver_opts: [b=2]}}\nvolumes: {v: {labels: [c]}}")
        #expect(CanonicalFixture.render(document.node["networks"]) == "{n: {driver_opts: {b: 2}, labels: {a: 1}}}")
        #expect(CanonicalFixture.render(document.node["volumes"]) == "{v: {labels: {c: null}}}")
    }

    @Test func includeEntriesBecomeMappingsOfLists() throws {
        let document = try CanonicalFixture.canonical(
            "include: [a.yaml, {path: b.yaml, env_file: b.env}, {path: [c, d]}]")
        #expect(
            CanonicalFixture.render(document.node["include"])
                == "[{path: [a.yaml]}, {env_file: [b.env], path: [b.yaml]}, {path: [c, d]}]")
    }

    @Test func resetValuesAreLeftAsWritten() throws {
        let document = try CanonicalFixture.canonical("services: {web: {ports: !reset ['80'], dns: !reset 1.1.1.1}}")
        #expect(
            CanonicalFixture.render(document.node["services"]) == "{web: {dns: !reset 1.1.1.1, ports: !reset [80]}}")
    }

    @Test func overrideValuesAreTransformedAndKeepTheirTag() throws {
        let document = try CanonicalFixture.canonical("services: {web: {ports: !override ['80']}}")
        #expect(
            CanonicalFixture.render(document.node["services"])
                == "{web: {ports: !override [{mode: ingress, protocol: tcp, target: 80}]}}")
    }

    @Test func synthesizedValuesKeepTheLocationOfTheShortForm() throws {
        let document = try CanonicalFixture.canonical("services:\n  web:\n    ports: ['8080:80']\n")
        let port = try #require(document.node["services"]?["web"]?["ports"]?.items?.first)
        #expect(port.location.description == "compose.yaml:3:13")
        #expect(port["published"]?.location.description == "compose.yaml:3:13")
    }

    /// Every short form of compose-go's full example gives the value its expected output holds, once the
    /// paths it resolved are put back (`/WORKDIR` → `.`, `/HOME` → `~`) and the defaults it leaves out
    /// (`create_host_path: true`, env_file `required: true`) and its list renderings are accounted for.
    @Test(arguments: [
        "annotations", "build", "configs", "depends_on", "devices", "dns", "dns_search", "env_file", "extra_hosts",
        "links", "networks", "ports", "secrets", "sysctls", "tmpfs", "ulimits", "volumes",
    ])
    func fullExampleServiceFieldMatchesCompose(_ key: String) throws {
        let (actual, expected) = try CanonicalFixture.fullExample()
        let ours = CanonicalFixture.likeComposeGo(actual["services"]?["foo"]?[key], key: key)
        var theirs = expected["services"]?["foo"]?[key]
        if key == "build" { theirs = theirs.map(CanonicalFixture.withoutTagsAndSSH) }
        #expect(CanonicalFixture.render(ours) == CanonicalFixture.render(theirs))
    }

    @Test(arguments: ["networks", "volumes", "secrets", "configs"])
    func fullExampleResourcesMatchCompose(_ key: String) throws {
        let (actual, expected) = try CanonicalFixture.fullExample()
        let ours = CanonicalFixture.likeComposeGo(actual[key], key: "resources")
        #expect(CanonicalFixture.render(ours) == CanonicalFixture.render(expected[key]))
    }
}

/// Parsing, canonical form and comparison helpers for the canonical-form and merge tests.
enum CanonicalFixture {
    static func parse(_ text: String, file: String = "compose.yaml") throws -> YAMLNode {
        try #require(try YAMLReader(file: file).documents(of: text).first)
    }

    static func canonical(
        _ text: String, file: String = "compose.yaml"
    ) throws -> (node: YAMLNode, diagnostics: [SpecDiagnostic]) {
        var diagnostics: [SpecDiagnostic] = []
        let node = Canonical.transform(try parse(text, file: file), diagnostics: &diagnostics)
        return (node, diagnostics)
    }

    /// A one-line flow rendering with sorted mapping keys: equal renderings mean equal values.
    static func render(_ node: YAMLNode?) -> String {
        guard let node else { return "(absent)" }
        let tag = node.mergeTag.map { $0 == .reset ? "!reset " : "!override " } ?? ""
        switch node.kind {
        case .null: return tag + "null"
        case .scalar(let text): return tag + text
        case .sequence(let items): return tag + "[" + items.map { render($0) }.joined(separator: ", ") + "]"
        case .mapping(let entries):
            let pairs = entries.sorted { $0.key < $1.key }.map { "\($0.key): \(render($0.value))" }
            return tag + "{" + pairs.joined(separator: ", ") + "}"
        }
    }

    static func fullExample() throws -> (actual: YAMLNode, expected: YAMLNode) {
        let folder = "compose-files/compose-go/loader/full-example/"
        let document = try canonical(try Corpus.text(folder + "full-example.yml"), file: "full-example.yml")
        #expect(document.diagnostics.allSatisfy { $0.severity == .warning })
        let expected = try parse(try Corpus.text(folder + "full-example.expected.yaml"))
        return (document.node, unresolvingPaths(expected))
    }

    /// compose-go's expected output has resolved paths; put the relative ones of the input back.
    private static func unresolvingPaths(_ node: YAMLNode) -> YAMLNode {
        var node = node
        switch node.kind {
        case .scalar(let text):
            if text == "/WORKDIR" { node.kind = .scalar(".") }
            if text.hasPrefix("/WORKDIR/") { node.kind = .scalar("./" + text.dropFirst("/WORKDIR/".count)) }
            if text.hasPrefix("/HOME/") { node.kind = .scalar("~/" + text.dropFirst("/HOME/".count)) }
        case .mapping(let entries):
            node.kind = .mapping(
                entries.map { .init(key: $0.key, keyLocation: $0.keyLocation, value: unresolvingPaths($0.value)) })
        case .sequence(let items):
            node.kind = .sequence(items.map(unresolvingPaths))
        case .null:
            break
        }
        return node
    }

    /// Our canonical value as compose-go renders its model: defaults that are true are left out,
    /// `extra_hosts` is a sorted `host=ip` list, equal ulimits are one number, a null resource is `{}`.
    static func likeComposeGo(_ node: YAMLNode?, key: String) -> YAMLNode? {
        guard var node else { return nil }
        switch key {
        case "volumes" where node.items != nil:
            node.kind = .sequence((node.items ?? []).map { removing("create_host_path", in: "bind", of: $0) })
        case "env_file":
            node.kind = .sequence(
                (node.items ?? []).map { item in item["required"]?.scalar == "true" ? without("required", item) : item }
            )
        case "extra_hosts":
            let pairs = (node.entries ?? []).flatMap { entry in
                (entry.value.items ?? []).map { "\(entry.key)=\($0.scalar ?? "")" }
            }
            node.kind = .sequence(pairs.sorted().map { .scalar($0, at: node.location) })
        case "ulimits":
            for entry in node.entries ?? []
            where entry.value.entries != nil && entry.value["soft"]?.scalar == entry.value["hard"]?.scalar {
                node[entry.key] = entry.value["soft"]
            }
        case "resources":
            for entry in node.entries ?? [] where entry.value.isNull {
                node[entry.key] = .mapping([], at: node.location)
            }
        case "build":
            node = withoutTagsAndSSH(node)
        default:
            break
        }
        return node
    }

    /// The build keys that differ for reasons outside the canonical form: `tags` is interpolated and
    /// compose-go renders `ssh` as a list.
    static func withoutTagsAndSSH(_ node: YAMLNode) -> YAMLNode {
        without("ssh", without("tags", node))
    }

    private static func without(_ key: String, _ node: YAMLNode) -> YAMLNode {
        var node = node
        node[key] = nil
        return node
    }

    private static func removing(_ key: String, in parent: String, of node: YAMLNode) -> YAMLNode {
        guard let inner = node[parent] else { return node }
        var node = node
        node[parent] = without(key, inner)
        return node
    }
}
