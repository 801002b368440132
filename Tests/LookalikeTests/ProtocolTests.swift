import CustomerData
import Foundation
import Testing
@testable import Lookalike

/// The evaluation protocols of the issue, as tests.
@Suite struct ProtocolTests {
    @Test func creditGBadCreditHalfIsFoundWithMeanAUCAtLeast078() throws {
        let directory = try TemporaryDirectory()
        let snapshot = try Fixtures.snapshot("credit-g", in: directory)
        let encoder = try FeatureEncoder.fit(on: snapshot, options: FeatureEncoderOptions(excludedFields: ["class"]))
        #expect(!encoder.columnNames.contains { $0.hasPrefix("class") })
        let bad = rows(of: snapshot, where: "class", is: "bad")
        try #require(bad.count == 300)
        let aucs = try protocolAUCs(snapshot: snapshot, encoder: encoder, positives: bad, seeds: 0..<20)
        print("credit-g protocol: AUC mean \(mean(aucs)) sd \(standardDeviation(aucs)) over \(aucs.count) seeds")
        #expect(mean(aucs) >= 0.78)
    }

    @Test func retailPersonaHalfIsFound() throws {
        let directory = try TemporaryDirectory()
        let snapshot = try Fixtures.snapshot("retail", in: directory)
        let encoder = try FeatureEncoder.fit(on: snapshot, options: FeatureEncoderOptions(asOf: Fixtures.retailAsOf))
        let personas = try Fixtures.csvRows("retail/personas.csv")
        for persona in ["loyal_high_spender", "lapsed"] {
            let positives = personas.enumerated().filter { $0.element["persona"] == persona }.map { snapshot.customerRow(forID: $0.element["customer_id"]!)! }
            let aucs = try protocolAUCs(snapshot: snapshot, encoder: encoder, positives: positives, seeds: 0..<3)
            print("retail persona \(persona): AUC mean \(mean(aucs)) sd \(standardDeviation(aucs)) over \(aucs.count) seeds")
            #expect(mean(aucs) >= 0.9)
        }
    }
}
