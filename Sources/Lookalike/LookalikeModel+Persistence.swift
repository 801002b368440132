import Foundation
import LinearAlgebra

extension LookalikeModel {
    /// The newest format version this build writes; it reads ``supportedFormatVersions``.
    ///
    /// Version 2 adds encoded measures (``FeatureEncoder/measures``); a model
    /// without measures is still written as version 1, so older builds read it.
    public static let formatVersion = 2
    /// The format versions this build reads.
    public static let supportedFormatVersions = 1...2
    static let formatName = "audience-lookalike-model"
    static let binaryMagic = Array("AUDLKM1\n".utf8)

    /// Saves the model as `<name>.json` (metadata, encoder, linear model, calibration) and `<name>.bin`
    /// (neighbour set and rank references) in `directory`, creating it if needed; returns the JSON file.
    @discardableResult
    public func save(to directory: URL) throws -> URL {
        let name = metadata.name.isEmpty ? "lookalike" : metadata.name
        let jsonURL = directory.appendingPathComponent("\(name).json")
        let binaryURL = directory.appendingPathComponent("\(name).bin")
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw LookalikeError.unreadableModel(file: directory.path, reason: "cannot create the folder (\(error.localizedDescription))")
        }
        var binary = Data(Self.binaryMagic)
        var sections: [ModelDocument.Section] = []
        func append<T>(_ name: String, _ values: [T]) {
            sections.append(.init(name: name, offset: binary.count, count: values.count))
            values.withUnsafeBytes { binary.append(contentsOf: $0) }
        }
        append("reference", Array(reference.elements))
        append("referenceIsSource", referenceIsSource.map { UInt8($0 ? 1 : 0) })
        append("linearQuantiles", linearQuantiles)
        append("voteQuantiles", voteQuantiles)
        let document = ModelDocument(
            format: Self.formatName, formatVersion: encoder.measures == nil ? 1 : Self.formatVersion, metadata: metadata, parameters: parameters,
            encoder: encoder, binaryFile: binaryURL.lastPathComponent, binaryBytes: binary.count, sections: sections,
            coefficients: coefficients, intercept: intercept, hingeColumns: hingeColumns, hingeKnots: hingeKnots,
            calibrationSlope: calibrationSlope, calibrationOffset: calibrationOffset,
            baselineContributions: baselineContributions, targetColumnMeans: targetColumnMeans,
            referenceIDs: referenceIDs)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        do {
            try binary.write(to: binaryURL, options: .atomic)
            try encoder.encode(document).write(to: jsonURL, options: .atomic)
        } catch {
            throw LookalikeError.unreadableModel(file: jsonURL.path, reason: "cannot be written (\(error.localizedDescription))")
        }
        return jsonURL
    }

    /// Loads a model saved by ``save(to:)`` from its JSON file (the binary file sits beside it).
    ///
    /// - Throws: ``LookalikeError/unsupportedModelVersion(file:version:supported:)`` for a format version this
    ///   build does not read, ``LookalikeError/unreadableModel(file:reason:)`` for anything else wrong.
    public static func load(from jsonURL: URL) throws -> LookalikeModel {
        let file = jsonURL.lastPathComponent
        guard let data = FileManager.default.contents(atPath: jsonURL.path) else {
            throw LookalikeError.unreadableModel(file: jsonURL.path, reason: "no such file")
        }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        let header: ModelHeader
        do {
            header = try decoder.decode(ModelHeader.self, from: data)
        } catch {
            throw LookalikeError.unreadableModel(file: file, reason: "not a lookalike model (\(Self.describe(error)))")
        }
        guard header.format == formatName else {
            throw LookalikeError.unreadableModel(file: file, reason: "format is \"\(header.format)\", expected \"\(formatName)\"")
        }
        guard supportedFormatVersions.contains(header.formatVersion) else {
            throw LookalikeError.unsupportedModelVersion(file: file, version: header.formatVersion, supported: supportedFormatVersions)
        }
        let document: ModelDocument
        do {
            document = try decoder.decode(ModelDocument.self, from: data)
        } catch {
            throw LookalikeError.unreadableModel(file: file, reason: Self.describe(error))
        }
        let binaryURL = jsonURL.deletingLastPathComponent().appendingPathComponent(document.binaryFile)
        guard let binary = FileManager.default.contents(atPath: binaryURL.path) else {
            throw LookalikeError.unreadableModel(file: document.binaryFile, reason: "the model's binary file is missing")
        }
        guard binary.count == document.binaryBytes, binary.prefix(binaryMagic.count).elementsEqual(binaryMagic) else {
            throw LookalikeError.unreadableModel(file: document.binaryFile,
                                                 reason: "has \(binary.count) bytes or a wrong header, expected \(document.binaryBytes) bytes")
        }
        func section<T>(_ name: String, as: T.Type) throws -> [T] {
            guard let s = document.sections.first(where: { $0.name == name }),
                  s.offset >= 0, s.count >= 0, s.offset + s.count * MemoryLayout<T>.stride <= binary.count else {
                throw LookalikeError.unreadableModel(file: document.binaryFile, reason: "section \"\(name)\" is missing or out of bounds")
            }
            return binary.withUnsafeBytes { raw in
                (0..<s.count).map { raw.loadUnaligned(fromByteOffset: s.offset + $0 * MemoryLayout<T>.stride, as: T.self) }
            }
        }
        let d = document.encoder.dimension
        let referenceValues = try section("reference", as: Float.self)
        let isSource = try section("referenceIsSource", as: UInt8.self).map { $0 != 0 }
        guard d > 0, referenceValues.count == isSource.count * d, isSource.count == document.referenceIDs.count,
              document.coefficients.count == d + document.hingeColumns.count,
              document.hingeKnots.count == document.hingeColumns.count,
              document.hingeColumns.allSatisfy({ (0..<d).contains($0) }),
              document.baselineContributions.count == d, document.targetColumnMeans.count == d else {
            throw LookalikeError.unreadableModel(file: file, reason: "the sizes of its parts do not agree (dimension \(d))")
        }
        return LookalikeModel(
            encoder: document.encoder, parameters: document.parameters, metadata: document.metadata,
            coefficients: document.coefficients, intercept: document.intercept, hingeColumns: document.hingeColumns,
            hingeKnots: document.hingeKnots,
            reference: Matrix(rows: isSource.count, columns: d, elements: referenceValues), referenceIsSource: isSource,
            referenceIDs: document.referenceIDs, linearQuantiles: try section("linearQuantiles", as: Double.self),
            voteQuantiles: try section("voteQuantiles", as: Double.self), calibrationSlope: document.calibrationSlope,
            calibrationOffset: document.calibrationOffset, baselineContributions: document.baselineContributions,
            targetColumnMeans: document.targetColumnMeans)
    }

    /// A decoding error as a path and a reason (`at parameters.seed: expected a number`).
    static func describe(_ error: any Error) -> String {
        guard let error = error as? DecodingError else { return "\(error)" }
        func path(_ context: DecodingError.Context) -> String {
            context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
        }
        switch error {
        case .keyNotFound(let key, let context): return "at \(path(context)): missing \"\(key.stringValue)\""
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            return "at \(path(context)): \(context.debugDescription)"
        @unknown default: return "\(error)"
        }
    }
}

/// The first fields of a saved model, read before anything else so the version can be checked.
struct ModelHeader: Codable {
    var format: String
    var formatVersion: Int
}

/// The JSON file of a saved model.
struct ModelDocument: Codable {
    /// A run of values in the binary file.
    struct Section: Codable {
        var name: String
        var offset: Int
        var count: Int
    }

    var format: String
    var formatVersion: Int
    var metadata: LookalikeMetadata
    var parameters: LookalikeParameters
    var encoder: FeatureEncoder
    var binaryFile: String
    var binaryBytes: Int
    var sections: [Section]
    var coefficients: [Double]
    var intercept: Double
    var hingeColumns: [Int]
    var hingeKnots: [Double]
    var calibrationSlope: Double
    var calibrationOffset: Double
    var baselineContributions: [Double]
    var targetColumnMeans: [Double]
    var referenceIDs: [String]
}
