import ComposeSpec
import EngineAPI
import Foundation
import Testing

@testable import Planner

/// Every real-world compose file of the corpus that loads maps onto create requests and plans without an
/// error (external resources aside, which a plan requires to exist).
@Suite struct CorpusMappingTests {
    static let files: [String] = {
        let root = Fixtures.corpus.appendingPathComponent("compose-files")
        let manifest = (try? String(contentsOf: root.appendingPathComponent("MANIFEST.tsv"), encoding: .utf8)) ?? ""
        return manifest.split(separator: "\n").compactMap { line -> String? in
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard fields.count > 6, fields[6].hasPrefix("valid"),
                fields[0].hasSuffix(".yaml") || fields[0].hasSuffix(".yml")
            else { return nil }
            return fields[0]
        }
    }()

    @Test func corpusIsPresent() {
        #expect(Self.files.count >= 39, "corpus missing at \(Fixtures.corpus.path) (set BERTH_CORPUS)")
    }

    @Test(arguments: files)
    func mapsAndPlans(file: String) throws {
        let url = Fixtures.corpus.appendingPathComponent("compose-files").appendingPathComponent(file)
        var options = LoadOptions(
            workingDirectory: url.deletingLastPathComponent().path, environment: ["HOME": "/root"])
        options.files = [url.path]
        guard let loaded = try? ProjectLoader(options: options).load() else { return }
        let project = loaded.project
        let mapping = ContainerMapping(project: project)
        for name in project.serviceNames {
            let service = try #require(project.services[name])
            let result = Result { () throws(PlannerError) in try mapping.request(for: service, number: 1) }
            if case .failure(let error) = result, !error.message.contains("external") {
                Issue.record("service \(name): \(error)")
            }
        }
        let planned = Result { () throws(PlannerError) in try Planner.up(project, observed: ObservedState()) }
        switch planned {
        case .success(let plan):
            #expect(plan.actions.allSatisfy { action in action.dependencies.allSatisfy { $0 < action.id } })
        case .failure(let error):
            #expect(error.code == .missingResource || error.message.contains("external"), "\(error)")
        }
        _ = Planner.down(project, observed: ObservedState())
    }
}
