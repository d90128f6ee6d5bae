import Testing

@testable import ComposeSpec

@Suite struct MergeTests {
    /// The canonical forms of `files` merged in order onto an empty document.
    private func merged(_ files: [String]) throws -> YAMLNode {
        var result = YAMLNode.mapping([], at: .synthetic("empty"))
        for (index, text) in files.enumerated() {
            let document = try CanonicalFixture.canonical(text, file: "compose\(index).yaml")
            #expect(document.diagnostics.isEmpty)
            result = Merge.merge(result, document.node)
        }
        return result
    }

    /// Merging `files` gives `expected` (in canonical form).
    private func expectMerge(_ files: [String], _ expected: String) throws {
        let want = try CanonicalFixture.canonical(expected, file: "expected.yaml").node
        #expect(CanonicalFixture.render(try merged(files)) == CanonicalFixture.render(want))
    }

    // MARK: The Compose Specification's merge document

    @Test func mappingsMergeKeyByKey() throws {
        try expectMerge(
            ["services: {foo: {key1: value1, key2: value2}}", "services: {foo: {key2: VALUE, key3: value3}}"],
            "services: {foo: {key1: value1, key2: VALUE, key3: value3}}")
    }

    @Test func sequencesAppend() throws {
        try expectMerge(
            ["services: {foo: {DNS: [1.1.1.1]}}", "services: {foo: {DNS: [8.8.8.8]}}"],
            "services: {foo: {DNS: [1.1.1.1, 8.8.8.8]}}")
    }

    @Test(arguments: ["command", "entrypoint"])
    func shellCommandsAreReplaced(_ key: String) throws {
        try expectMerge(
            ["services: {foo: {\(key): [echo, foo]}}", "services: {foo: {\(key): [echo, bar]}}"],
            "services: {foo: {\(key): [echo, bar]}}")
    }

    @Test func healthcheckTestIsReplacedAndTheRestMerged() throws {
        try expectMerge(
            [
                "services: {foo: {healthcheck: {test: [CMD, a], interval: 1s}}}",
                "services: {foo: {healthcheck: {test: [CMD, b], retries: 3}}}",
            ], "services: {foo: {healthcheck: {test: [CMD, b], interval: 1s, retries: 3}}}")
    }

    @Test func volumesKeepOneMountPerTarget() throws {
        try expectMerge(
            ["services: {foo: {volumes: ['foo:/work']}}", "services: {foo: {volumes: ['bar:/work']}}"],
            "services: {foo: {volumes: ['bar:/work']}}")
    }

    @Test func resetRemovesTheInheritedValue() throws {
        let base = """
            services:
              app:
                image: myapp
                ports:
                  - "8080:80"
                environment:
                  FOO: BAR
            """
        let override = """
            services:
              app:
                image: myapp
                ports: !reset []
                environment:
                  FOO: !reset null
            """
        try expectMerge([base, override], "services: {app: {image: myapp, environment: {}}}")
    }

    @Test func overrideReplacesTheInheritedValue() throws {
        try expectMerge(
            [
                "services: {app: {image: myapp, ports: ['8080:80']}}",
                "services: {app: {ports: !override ['8443:443']}}",
            ],
            "services: {app: {image: myapp, ports: ['8443:443']}}")
    }

    @Test func overrideReplacesAMappingWhole() throws {
        try expectMerge(
            [
                "services: {app: {build: {context: a, dockerfile: X}}}",
                "services: {app: {build: !override {context: b}}}",
            ], "services: {app: {build: {context: b}}}")
    }

    @Test func resetOfAKeyNobodySetIsDropped() throws {
        try expectMerge(["services: {app: {image: a, ports: !reset []}}"], "services: {app: {image: a}}")
    }

    @Test func resetInsideANewValueIsDropped() throws {
        try expectMerge(
            ["services: {a: {image: a}}", "services: {b: {image: b, environment: {X: '1', Y: !reset null}}}"],
            "services: {a: {image: a}, b: {image: b, environment: {X: '1'}}}")
    }

    // MARK: compose-go's override behaviour

    @Test func scalarsAreReplaced() throws {
        try expectMerge(
            ["services: {test: {image: foo, scale: 1}}", "services: {test: {image: bar, scale: 2}}"],
            "services: {test: {image: bar, scale: 2}}")
    }

    @Test func nullChangesNothing() throws {
        try expectMerge(
            ["services: {test: {networks: {front: {aliases: [a]}}}}", "services: {test: {networks: [front]}}"],
            "services: {test: {networks: {front: {aliases: [a]}}}}")
    }

    @Test func serviceNetworkListsMerge() throws {
        try expectMerge(
            ["services: {test: {networks: [front, back]}}", "services: {test: {networks: [front, other]}}"],
            "services: {test: {networks: {front: null, back: null, other: null}}}")
    }

    @Test func serviceNetworkAliasesAndAddressesStayUnique() throws {
        try expectMerge(
            [
                "services: {t: {networks: {n: {aliases: [a1, a2], link_local_ips: [i1, i3]}, m: {aliases: [a1]}}}}",
                "services: {t: {networks: {n: {aliases: [a3, a1], link_local_ips: [i2, i3]}}}}",
            ],
            "services: {t: {networks: {n: {aliases: [a1, a2, a3], link_local_ips: [i1, i3, i2]}, m: {aliases: [a1]}}}}"
        )
    }

    @Test func ipamPoolsMergeBySubnet() throws {
        let base = """
            networks:
              n:
                ipam:
                  config: [{subnet: 172.28.0.0/16, ip_range: 172.28.5.0/24, aux_addresses: {h1: a, h3: c}}]
                  options: {foo: bar}
                labels: {d: Finance, e: ''}
            """
        let override = """
            networks:
              n:
                ipam:
                  config:
                    - {subnet: 172.28.0.0/16, ip_range: 172.28.5.1/24, aux_addresses: {h2: b}}
                    - {subnet: 172.29.0.0/16}
                  options: {bar: foo}
                labels: [d2=New, e=]
              n2:
            """
        let expected = """
            networks:
              n:
                ipam:
                  config:
                    - {subnet: 172.28.0.0/16, ip_range: 172.28.5.1/24, aux_addresses: {h1: a, h2: b, h3: c}}
                    - {subnet: 172.29.0.0/16}
                  options: {foo: bar, bar: foo}
                labels: {d: Finance, e: '', d2: New}
              n2:
            """
        try expectMerge([base, override], expected)
    }

    @Test func loggingOptionsMergeForTheSameDriver() throws {
        try expectMerge(
            [
                "services: {t: {logging: {driver: syslog, options: {address: a, tag: x}}}}",
                "services: {t: {logging: {driver: syslog, options: {address: b}}}}",
            ], "services: {t: {logging: {driver: syslog, options: {address: b, tag: x}}}}")
    }

    @Test func loggingOfAnotherDriverReplacesTheOptions() throws {
        try expectMerge(
            [
                "services: {t: {logging: {driver: local, options: {max-size: 10m}}}}",
                "services: {t: {logging: {driver: syslog, options: {address: b}}}}",
            ], "services: {t: {logging: {driver: syslog, options: {address: b}}}}")
    }

    @Test func loggingWithoutDriverMerges() throws {
        try expectMerge(
            [
                "services: {t: {logging: {options: {max-size: 10m}}}}",
                "services: {t: {logging: {options: {max-file: 3}}}}",
            ],
            "services: {t: {logging: {options: {max-size: 10m, max-file: 3}}}}")
    }

    @Test func ulimitsAreReplacedWhole() throws {
        try expectMerge(
            [
                "services: {t: {ulimits: {nofile: {soft: 2, hard: 4}, nproc: 65535, lk: {soft: 1, hard: 2}}}}",
                "services: {t: {ulimits: {nofile: {soft: 1, hard: 4}, nproc: {soft: 5, hard: 6}}}}",
            ],
            "services: {t: {ulimits: {nofile: {soft: 1, hard: 4}, nproc: {soft: 5, hard: 6}, lk: {soft: 1, hard: 2}}}}"
        )
    }

    @Test func extraHostsMergeByHostWithoutRepeatingAddresses() throws {
        try expectMerge(
            [
                "services: {t: {extra_hosts: ['example.com=1.2.3.4']}}",
                "services: {t: {extra_hosts: {localhost: 127.0.0.1, example.com: [1.2.3.4, 4.3.2.1]}}}",
            ], "services: {t: {extra_hosts: {example.com: [1.2.3.4, 4.3.2.1], localhost: [127.0.0.1]}}}")
    }

    @Test(arguments: ["environment", "labels", "annotations", "sysctls"])
    func keyValueEntriesAreReplacedEvenByNull(_ key: String) throws {
        try expectMerge(
            ["services: {t: {\(key): [FOO=BAR, KEEP=1]}}", "services: {t: {\(key): [QIX=ZOT, EMPTY=, FOO]}}"],
            "services: {t: {\(key): {FOO: null, KEEP: '1', QIX: ZOT, EMPTY: ''}}}")
    }

    @Test func buildArgumentsMergeAndShortBuildBecomesContext() throws {
        try expectMerge(
            ["services: {t: {build: ./a}}", "services: {t: {build: {dockerfile: X, args: [A=1]}}}"],
            "services: {t: {build: {context: ./a, dockerfile: X, args: {A: '1'}}}}")
    }

    @Test func dependsOnConditionsMerge() throws {
        try expectMerge(
            [
                "services: {t: {depends_on: [db]}}",
                "services: {t: {depends_on: {db: {condition: service_healthy}, mq: {}}}}",
            ],
            """
            services: {t: {depends_on: {db: {condition: service_healthy, required: true},
                                        mq: {condition: service_started, required: true}}}}
            """)
    }

    @Test func volumesInOneFileKeepTheLastMountOfATarget() throws {
        try expectMerge(
            ["services: {t: {volumes: ['.:/foo', 'foo:/bar', 'src:/foo']}}"],
            "services: {t: {volumes: ['src:/foo', 'foo:/bar']}}")
    }

    @Test func portsWrittenShortAndLongAreTheSamePort() throws {
        try expectMerge(
            [
                "services: {t: {ports: ['8080:80', '9000:90']}}",
                "services: {t: {ports: [{target: 80, published: '8080', host_ip: 0.0.0.0}, '8080:80/udp']}}",
            ],
            """
            services: {t: {ports: [{target: 80, published: '8080', host_ip: 0.0.0.0}, '9000:90', '8080:80/udp']}}
            """)
    }

    @Test func portRangesMergeWithSinglePorts() throws {
        try expectMerge(
            ["services: {t: {ports: ['8000-8002:8000-8002']}}", "services: {t: {ports: ['8001:8001']}}"],
            "services: {t: {ports: ['8000:8000', '8001:8001', '8002:8002']}}")
    }

    @Test func secretsAndConfigsKeepOneMountPerTarget() throws {
        try expectMerge(
            [
                "services: {t: {secrets: [token, other], configs: [conf]}}",
                "services: {t: {secrets: [{source: token, mode: '0400'}], configs: [{source: conf, target: /conf}]}}",
            ],
            "services: {t: {secrets: [{source: token, mode: '0400'}, other], configs: [{source: conf, target: /conf}]}}"
        )
    }

    @Test(arguments: [
        ("dns", "[1.1.1.1]", "[1.1.1.1, 8.8.8.8]", "[1.1.1.1, 8.8.8.8]"),
        ("dns_search", "[a]", "[b, a]", "[a, b]"),
        ("tmpfs", "/run", "[/run, /tmp]", "[/run, /tmp]"),
        ("cap_add", "[NET_ADMIN]", "[NET_ADMIN, SYS_TIME]", "[NET_ADMIN, SYS_TIME]"),
        ("expose", "['80']", "['80', '81']", "['80', '81']"),
        ("profiles", "[debug]", "[debug]", "[debug]"),
        ("env_file", "a.env", "[{path: a.env, required: false}, b.env]", "[{path: a.env, required: false}, b.env]"),
        ("devices", "['/dev/a:/dev/x']", "['/dev/b:/dev/x', /dev/c]", "['/dev/b:/dev/x', /dev/c]"),
        ("security_opt", "[a]", "[a]", "[a, a]"),
    ])
    func sequenceEntriesAreUniqueWhereComposeKeysThem(_ key: String, _ base: String, _ later: String, _ result: String)
        throws
    {
        try expectMerge(
            ["services: {t: {\(key): \(base)}}", "services: {t: {\(key): \(later)}}"],
            "services: {t: {\(key): \(result)}}")
    }

    @Test func typeChangeTakesTheLaterValue() throws {
        try expectMerge(["x-a: {b: c}", "x-a: text"], "x-a: text")
    }

    // MARK: Locations and extends

    @Test func valuesKeepTheLocationOfTheirFile() throws {
        let result = try merged([
            "services:\n  web:\n    image: a\n    user: root\n", "services:\n  web:\n    image: b\n",
        ])
        let web = try #require(result["services"]?["web"])
        #expect(web["image"]?.location.description == "compose1.yaml:3:12")
        #expect(web.entry("image")?.keyLocation.description == "compose1.yaml:3:5")
        #expect(web["user"]?.location.description == "compose0.yaml:4:11")
        #expect(web.entry("user")?.keyLocation.description == "compose0.yaml:4:5")
    }

    @Test func extendingAServiceMergesByTheServiceRules() throws {
        let document = try CanonicalFixture.canonical(
            """
            services:
              base: {image: a, command: [x, y], environment: [A=1], ports: ['80:80'], ulimits: {nproc: 1}}
              web:
                extends: base
                command: [z]
                environment: {B: '2'}
                ports: ['81:81']
                ulimits: {nproc: {soft: 1, hard: 2}}
              want:
                image: a
                extends: {service: base}
                command: [z]
                environment: {A: '1', B: '2'}
                ports: ['80:80', '81:81']
                ulimits: {nproc: {soft: 1, hard: 2}}
            """
        ).node
        let services = try #require(document["services"])
        let base = try #require(services["base"])
        let web = try #require(services["web"])
        #expect(CanonicalFixture.render(Merge.mergeService(base, web)) == CanonicalFixture.render(services["want"]))
    }

    @Test func extendingServiceCanResetInheritedValues() throws {
        let base = try CanonicalFixture.parse("{image: a, ports: ['80:80'], environment: {A: '1', B: '2'}}")
        let service = try CanonicalFixture.parse("{ports: !reset [], environment: {A: !reset }}")
        #expect(CanonicalFixture.render(Merge.mergeService(base, service)) == "{environment: {B: 2}, image: a}")
    }

    @Test func removingTagsDropsResetValues() throws {
        let node = try CanonicalFixture.parse("{a: !reset 1, b: !override [x, !reset y], c: {d: !reset null, e: f}}")
        #expect(CanonicalFixture.render(Merge.removingTags(node)) == "{b: [x], c: {e: f}}")
    }
}
