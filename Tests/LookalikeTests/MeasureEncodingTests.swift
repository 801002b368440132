import CustomerData
import Foundation
import LinearAlgebra
import Segments
import Testing
@testable import Lookalike

/// Measures as encoder features, the activity-feature switch and PCA, on the retail fixture.
@Suite struct MeasureEncodingTests {
    /// The retail snapshot, its config, and its measures plus a datetime one (the first purchase).
    struct Retail {
        let directory: TemporaryDirectory
        let snapshot: Snapshot
        let config: WorkspaceConfig
        let measures: EncodedMeasures

        init() throws {
            directory = try TemporaryDirectory()
            snapshot = try Fixtures.snapshot("retail", in: directory)
            var config = try JSONDecoder().decode(
                WorkspaceConfig.self, from: Data(contentsOf: Fixtures.root.appendingPathComponent("retail/audience.json")))
            config.measures.append(MeasureDefinition(name: "first_purchase", aggregate: .min, field: "timestamp",
                                                     activityTypes: ["purchase"]))
            self.config = config
            measures = EncodedMeasures(definitions: config.measures, timeZone: config.timeZone, hasAmount: true)
        }

        /// Options as of the day after the fixture's data ends.
        func options(_ change: (inout FeatureEncoderOptions) -> Void = { _ in }) -> FeatureEncoderOptions {
            var options = FeatureEncoderOptions(asOf: Fixtures.retailAsOf)
            change(&options)
            return options
        }

        /// What a refresh computes for the measures, as of the same instant.
        func refreshValues(_ names: [String]) throws -> [String: [Double]] {
            try SegmentEvaluator(snapshot: snapshot, config: config, asOf: Fixtures.retailAsOf).measureValues(names)
        }
    }

    func field(_ encoder: FeatureEncoder, _ name: String) -> EncodedField? { encoder.fields.first { $0.name == name } }

    @Test func measuresAreEncodedOnlyWhenAskedFor() throws {
        let retail = try Retail()
        let plain = try FeatureEncoder.fit(on: retail.snapshot, options: retail.options(), measures: retail.measures)
        #expect(plain.measures == nil)
        #expect(!plain.fields.contains { retail.measures.contains($0.name) })
        #expect(!plain.leftOut.contains { retail.measures.contains($0.name) }, "measures not asked for are not reported")

        let with = try FeatureEncoder.fit(on: retail.snapshot, options: retail.options { $0.includesMeasures = true },
                                          measures: retail.measures)
        let names = with.fields.map(\.name)
        for name in ["spend_90d", "spend_365d", "purchases_365d", "avg_purchase_value", "days_since_last_purchase", "first_purchase"] {
            #expect(names.contains(name), "\(name) is encoded")
        }
        // After the profile fields, before the activity features.
        let firstMeasure = try #require(names.firstIndex(of: "spend_90d"))
        #expect(names.firstIndex(of: "age")! < firstMeasure)
        #expect(firstMeasure < names.firstIndex(of: "purchase frequency")!)
        let kept = try #require(with.measures)
        #expect(Set(kept.definitions.map(\.name)) == Set(names.filter(retail.measures.contains)))
        #expect(kept.timeZone == "Europe/Berlin")
        #expect(with.columnNames.contains("avg_purchase_value is missing"), "customers without purchases have no mean")
        #expect(!with.columnNames.contains("spend_365d is missing"), "a sum is 0 without activities")
    }

    @Test func measureColumnsAreTheRefreshValuesStandardised() throws {
        let retail = try Retail()
        let encoder = try FeatureEncoder.fit(on: retail.snapshot, options: retail.options { $0.includesMeasures = true },
                                             measures: retail.measures)
        let names = ["spend_365d", "avg_purchase_value", "first_purchase"]
        let refresh = try retail.refreshValues(names)
        let encoded = try encoder.encodedColumns(retail.snapshot, rows: nil)
        let columns = encoder.columnNames
        let asOfDays = Fixtures.retailAsOf.timeIntervalSince1970 / 86_400
        for name in names {
            let fitted = try #require(encoder.fields.first { $0.name == name })
            guard case .robust(let usesLog, let median, let scale) = fitted.transform else {
                Issue.record("\(name) is not robust-standardised: \(fitted.transform)")
                continue
            }
            let column = try #require(columns.firstIndex(of: name))
            let missingColumn = columns.firstIndex(of: "\(name) is missing")
            let values = try #require(refresh[name])
            var checked = 0
            for row in 0..<encoded.rows {
                // Dates and datetimes encode as their age in days at the as-of instant.
                let raw = name == "first_purchase" ? asOfDays - values[row] : values[row]
                let got = Double(encoded[row, column])
                if raw.isNaN {
                    #expect(got == 0)
                    #expect(missingColumn.map { encoded[row, $0] } == 1)
                } else {
                    let x = usesLog ? log1p(raw) : raw
                    let expected = min(5, max(-5, (x - median) / scale))
                    #expect(abs(got - expected) < 1e-5, "\(name) row \(row)")
                    if let missingColumn { #expect(encoded[row, missingColumn] == 0) }
                    checked += 1
                }
            }
            #expect(checked > 1_000, "\(name): \(checked) customers with a value")
        }
        #expect(field(encoder, "spend_365d")?.hasMissingIndicator == false)
        #expect(field(encoder, "avg_purchase_value")?.hasMissingIndicator == true)
        #expect(field(encoder, "first_purchase")?.input == .column(name: "first_purchase", type: "datetime"))
        if case .robust(_, let median, _)? = field(encoder, "first_purchase")?.transform {
            #expect(median > 0, "ages are positive")
        }
    }

    /// The measure columns a fit computes, handed to the encoding of the same snapshot, give the embedding that
    /// computing them again gives (with and without PCA).
    @Test func theFitsMeasureColumnsEncodeTheSnapshotAsBefore() throws {
        let retail = try Retail()
        for pca in [nil, 6] as [Int?] {
            let fitted = try FeatureEncoder.fitKeepingMeasures(
                on: retail.snapshot, options: retail.options { $0.includesMeasures = true; $0.pcaDimensions = pca },
                measures: retail.measures)
            #expect(!fitted.measureColumns.isEmpty)
            let again = try FeatureEncoder.fit(on: retail.snapshot, options: retail.options {
                $0.includesMeasures = true
                $0.pcaDimensions = pca
            }, measures: retail.measures)
            #expect(fitted.encoder == again)
            #expect(try fitted.encoder.encode(retail.snapshot, measureColumns: fitted.measureColumns)
                == fitted.encoder.encode(retail.snapshot))
        }
    }

    @Test func theFieldListsPickMeasuresByName() throws {
        let retail = try Retail()
        let named = try FeatureEncoder.fit(on: retail.snapshot, options: retail.options { $0.includedFields = ["age", "spend_90d"] },
                                           measures: retail.measures)
        #expect(named.fields.map(\.name) == ["age", "spend_90d"], "a measure named in the include list needs no switch")
        #expect(named.measures?.definitions.map(\.name) == ["spend_90d"])

        let excluded = try FeatureEncoder.fit(
            on: retail.snapshot,
            options: retail.options {
                $0.includesMeasures = true
                $0.excludedFields = ["spend_365d"]
            },
            measures: retail.measures)
        #expect(field(excluded, "spend_365d") == nil)
        #expect(excluded.leftOut.contains(LeftOutField(name: "spend_365d", reason: "excluded by name")))
        #expect(field(excluded, "spend_90d") != nil)
    }

    @Test func activityFeaturesCanBeSwitchedOffAndPCAGivesTheAskedDimensions() throws {
        let retail = try Retail()
        let noActivity = try FeatureEncoder.fit(on: retail.snapshot, options: retail.options { $0.includesActivityFeatures = false })
        #expect(noActivity.fields.allSatisfy { if case .column = $0.input { true } else { false } })
        #expect(!noActivity.columnNames.contains { $0.hasPrefix("purchase ") || $0.hasPrefix("channel ") })

        let projected = try FeatureEncoder.fit(on: retail.snapshot, options: retail.options { $0.pcaDimensions = 5 })
        #expect(projected.dimension == 5)
        #expect(try projected.encode(retail.snapshot, rows: [0, 1, 2]).columns == 5)
        #expect(projected.embeddingColumnNames == (1...5).map { "component \($0)" })

        let columns = noActivity.columnCount
        #expect(throws: LookalikeError.tooManyDimensions(requested: columns + 1, columns: columns)) {
            try FeatureEncoder.fit(on: retail.snapshot, options: retail.options {
                $0.includesActivityFeatures = false
                $0.pcaDimensions = columns + 1
            })
        }
        let all = try FeatureEncoder.fit(on: retail.snapshot, options: retail.options {
            $0.includesActivityFeatures = false
            $0.pcaDimensions = columns
        })
        #expect(all.dimension == columns, "as many components as columns is a rotation, not an error")
    }

    @Test func aModelWithMeasuresSurvivesSavingAndScoresRecordsLikeTheSnapshot() throws {
        let retail = try Retail()
        let options = retail.options {
            $0.includesMeasures = true
            $0.includesActivityFeatures = false
            $0.excludedFields = ["first_purchase"]
        }
        let source = rows(of: retail.snapshot, where: "loyalty_tier", is: "gold").map { UInt32($0) }
        let result = try SimilarCustomers.run(
            SimilarCustomersRequest(sourceSegment: "gold", sourceRows: source, encoderOptions: options, measures: retail.measures),
            on: retail.snapshot)
        #expect(result.influences.contains { retail.measures.contains($0.feature) }, "measures take part in the explanation")

        let folder = retail.directory.url.appendingPathComponent("models")
        let json = try result.model.save(to: folder)
        let text = try String(contentsOf: json, encoding: .utf8)
        #expect(text.contains("\"formatVersion\" : 2"))
        #expect(text.contains("\"includesMeasures\" : true"))
        let loaded = try LookalikeModel.load(from: json)
        #expect(loaded.encoder == result.model.encoder)
        #expect(loaded.encoder.measures?.definitions.map(\.name).contains("spend_365d") == true)
        expectAgreement(try loaded.score(retail.snapshot, rows: result.targetRows), result.targetScores)

        // The batch path reads each measure from a column named like it.
        let count = 200
        let names = try #require(loaded.encoder.measures).definitions.map(\.name)
        let refresh = try retail.refreshValues(names)
        let profiles = try Fixtures.csvRows("retail/customers.csv")
        let records = (0..<count).map { row -> CustomerRecord in
            let id = retail.snapshot.customerID(ofRow: row)
            var attributes = profiles.first { $0["customer_id"] == id } ?? [:]
            for name in names {
                let value = refresh[name]![row]
                attributes[name] = value.isNaN ? "" : "\(value)"
            }
            return CustomerRecord(id: id, attributes: attributes)
        }
        let fromRecords = try loaded.encoder.encode(records: records)
        let fromSnapshot = try loaded.encoder.encode(retail.snapshot, rows: (0..<count).map { UInt32($0) })
        var largest: Float = 0
        for i in 0..<count { for j in 0..<fromSnapshot.columns { largest = max(largest, abs(fromRecords[i, j] - fromSnapshot[i, j])) } }
        #expect(largest < 1e-5)
    }

    @Test func encodersAndModelsSavedBeforeMeasuresStillLoad() throws {
        let retail = try Retail()
        let encoder = try FeatureEncoder.fit(on: retail.snapshot, options: retail.options(), measures: retail.measures)
        let writer = JSONEncoder()
        writer.dateEncodingStrategy = .iso8601
        let data = try writer.encode(encoder)
        let text = String(decoding: data, as: UTF8.self)
        #expect(!text.contains("includesMeasures") && !text.contains("\"measures\""), "a model without measures is saved as before")
        let reader = JSONDecoder()
        reader.dateDecodingStrategy = .iso8601
        #expect(try reader.decode(FeatureEncoder.self, from: data) == encoder)

        // The committed example model was saved before measures existed.
        let committed = Fixtures.root.deletingLastPathComponent().appendingPathComponent("models/retail-high-value.json")
        let model = try LookalikeModel.load(from: committed)
        #expect(model.encoder.measures == nil)
        #expect(model.encoder.options.includesMeasures == false)
        #expect(model.encoder.options.includesActivityFeatures == true)
    }
}
