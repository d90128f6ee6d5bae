import APIClient
import Daemon
import Foundation
import Testing

@Suite("Archive, image load/save, attach, resize and disk usage: bad input")
struct ArchiveAPITests {
    @Test("archive GET, HEAD and PUT without a path are 400s naming the parameter", arguments: ["GET", "PUT"])
    func archiveWithoutPath(method: String) throws {
        let daemon = try TestDaemon()
        defer { daemon.close() }
        let (head, body) = try daemon.request(method, "/containers/anything/archive")
        #expect(head.status == 400)
        #expect(TestDaemon.message(body)?.hasPrefix("path: missing") == true, "\(body)")
        let (stat, _) = try daemon.request("HEAD", "/containers/anything/archive")
        #expect(stat.status == 400)
    }

    @Test("archive and export of an unknown container are 404s")
    func archiveUnknownContainer() throws {
        let daemon = try TestDaemon()
        defer { daemon.close() }
        for (method, target) in [
            ("GET", "/containers/nope/archive?path=/etc"), ("HEAD", "/containers/nope/archive?path=/etc"),
            ("PUT", "/containers/nope/archive?path=/tmp"), ("GET", "/containers/nope/export"),
        ] {
            let (head, body) = try daemon.request(method, target)
            #expect(head.status == 404, "\(method) \(target)")
            if method != "HEAD" { #expect(TestDaemon.message(body)?.contains("nope") == true, "\(body)") }
        }
    }

    @Test("a bad boolean in PUT archive is a 400")
    func archiveBadFlag() throws {
        let daemon = try TestDaemon()
        defer { daemon.close() }
        let (head, body) = try daemon.request("PUT", "/containers/x/archive?path=/tmp&noOverwriteDirNonDir=maybe")
        #expect(head.status == 400)
        #expect(TestDaemon.message(body)?.contains("noOverwriteDirNonDir") == true)
    }

    @Test("images/load: an empty body and a body that is no image archive are 400s")
    func loadBadBodies() throws {
        let daemon = try TestDaemon()
        defer { daemon.close() }
        let (empty, emptyBody) = try daemon.request("POST", "/images/load")
        #expect(empty.status == 400)
        #expect(TestDaemon.message(emptyBody)?.contains("empty") == true, "\(emptyBody)")
        let (garbage, garbageBody) = try daemon.request("POST", "/images/load", body: Array("not a tar".utf8))
        #expect(garbage.status == 400)
        #expect(TestDaemon.message(garbageBody)?.hasPrefix("image archive") == true, "\(garbageBody)")
    }

    @Test("images/load streams a body above the buffered limit, and the connection serves the next request")
    func loadStreamsLargeBodies() throws {
        let daemon = try TestDaemon()
        defer { daemon.close() }
        let connection = try UnixHTTPConnection(path: daemon.socketPath)
        let big = [UInt8](repeating: 0x41, count: APIServer.maximumBodySize * 2)
        try connection.send(method: "POST", target: "/v1.44/images/load", body: big)
        let head = try connection.readHead()
        let body = String(decoding: try connection.readBody(head), as: UTF8.self)
        #expect(head.status == 400)
        #expect(TestDaemon.message(body)?.contains("exceeds the limit") == false, "\(body)")
        try connection.send(method: "GET", target: "/_ping")
        let ping = try connection.readHead()
        #expect(ping.status == 200)
    }

    @Test("images/get without names is a 400; an unknown image is a 404 naming it")
    func saveBadNames() throws {
        let daemon = try TestDaemon()
        defer { daemon.close() }
        let (missing, missingBody) = try daemon.request("GET", "/images/get")
        #expect(missing.status == 400)
        #expect(TestDaemon.message(missingBody)?.hasPrefix("names: missing") == true)
        let (unknown, unknownBody) = try daemon.request("GET", "/images/get?names=nosuch%3Alatest")
        #expect(unknown.status == 404)
        #expect(TestDaemon.message(unknownBody)?.contains("nosuch") == true, "\(unknownBody)")
        let (single, _) = try daemon.request("GET", "/images/nosuch/get")
        #expect(single.status == 404)
    }

    @Test("resize needs numeric h and w within 0-65535", arguments: ["", "?h=10", "?h=x&w=3", "?h=10&w=70000"])
    func resizeBadSizes(query: String) throws {
        let daemon = try TestDaemon()
        defer { daemon.close() }
        for target in ["/containers/x/resize", "/exec/x/resize"] {
            let (head, body) = try daemon.request("POST", target + query)
            #expect(head.status == 400, "\(target)\(query)")
            #expect(TestDaemon.message(body) != nil)
        }
    }

    @Test("resize of an unknown container or exec is a 404")
    func resizeUnknown() throws {
        let daemon = try TestDaemon()
        defer { daemon.close() }
        #expect(try daemon.request("POST", "/containers/nope/resize?h=24&w=80").0.status == 404)
        #expect(try daemon.request("POST", "/exec/nope/resize?h=24&w=80").0.status == 404)
    }

    @Test("system/df answers every section, and only the asked ones with type")
    func diskUsage() throws {
        let daemon = try TestDaemon()
        defer { daemon.close() }
        let (head, body) = try daemon.request("GET", "/system/df")
        #expect(head.status == 200)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any])
        for key in ["LayersSize", "Images", "Containers", "Volumes", "BuildCache"] {
            #expect(object[key] != nil, "\(key) missing in \(body)")
        }
        let (_, volumesOnly) = try daemon.request("GET", "/system/df?type=volume")
        let only = try #require(try JSONSerialization.jsonObject(with: Data(volumesOnly.utf8)) as? [String: Any])
        #expect(only["Volumes"] != nil && only["Images"] == nil)
    }

    @Test("system/df with an unknown type is a 400")
    func diskUsageBadType() throws {
        let daemon = try TestDaemon()
        defer { daemon.close() }
        let (head, body) = try daemon.request("GET", "/system/df?type=boats")
        #expect(head.status == 400)
        #expect(TestDaemon.message(body)?.contains("boats") == true)
    }
}

@Suite("Filters as dockerd reads them")
struct LabelFilterTests {
    @Test("several label filters must all match (docker-compose 1.x lists a service's containers so)")
    func labelsAreAllRequired() throws {
        let daemon = try TestDaemon()
        defer { daemon.close() }
        let both = #"{"Name": "both", "Labels": {"project": "p", "service": "web"}}"#
        let one = #"{"Name": "one", "Labels": {"project": "p", "service": "worker"}}"#
        #expect(try daemon.request("POST", "/volumes/create", body: Array(both.utf8)).0.status == 201)
        #expect(try daemon.request("POST", "/volumes/create", body: Array(one.utf8)).0.status == 201)
        let filters =
            #"{"label":["project=p","service=web"]}"#
            .addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
        let (head, body) = try daemon.request("GET", "/volumes?filters=" + filters)
        #expect(head.status == 200)
        #expect(body.contains("\"both\"") && !body.contains("\"one\""), "\(body)")
    }
}
