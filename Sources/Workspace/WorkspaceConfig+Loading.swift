import CustomerData
import Foundation

extension WorkspaceConfig {
    /// The name of the config file in a workspace folder.
    public static let fileName = "audience.json"

    /// Reads and checks `audience.json` in `directory`.
    ///
    /// - Throws: `WorkspaceError.notAWorkspace` when the file is missing, and
    ///   `WorkspaceError.invalidConfig` naming the field (`activities[1].timestampColumn`)
    ///   when it is malformed or inconsistent.
    public static func load(fromWorkspace directory: URL) throws -> WorkspaceConfig {
        let url = directory.appendingPathComponent(fileName)
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw WorkspaceError.notAWorkspace(path: directory.relativePath)
        }
        let config: WorkspaceConfig
        do {
            config = try JSONDecoder().decode(WorkspaceConfig.self, from: data)
        } catch let error as DecodingError {
            throw WorkspaceError.invalidConfig(file: fileName, field: error.fieldPath, message: error.reason)
        } catch {
            throw WorkspaceError.invalidConfig(file: fileName, field: "", message: "is not valid JSON")
        }
        try config.check()
        return config
    }

    /// Writes the config as pretty-printed JSON with sorted keys, replacing the file atomically.
    public func save(toWorkspace directory: URL) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        var data = try encoder.encode(self)
        data.append(0x0A)
        try data.write(to: directory.appendingPathComponent(Self.fileName), options: .atomic)
    }

    /// Checks what JSON decoding cannot: versions, time zone, unique names, one activity type source.
    func check() throws {
        func invalid(_ field: String, _ message: String) -> WorkspaceError {
            .invalidConfig(file: Self.fileName, field: field, message: message)
        }
        if version > Self.currentVersion {
            throw invalid("version", "is \(version), but this Audience reads up to \(Self.currentVersion); upgrade Audience")
        }
        if TimeZone(identifier: timeZone) == nil {
            throw invalid("timeZone", "\"\(timeZone)\" is not a time zone identifier (such as \"Europe/Berlin\" or \"UTC\")")
        }
        try checkFormat(customers.format, field: "customers.format")
        if customers.path.isEmpty { throw invalid("customers.path", "is empty") }
        var names = Set<String>()
        for (index, source) in activities.enumerated() {
            let field = "activities[\(index)]"
            if !names.insert(source.name).inserted {
                throw invalid("\(field).name", "\"\(source.name)\" is used by two activity sources")
            }
            switch (source.typeColumn, source.fixedType) {
            case (nil, nil):
                throw invalid(field, "needs \"typeColumn\" (a column holding the activity type) or \"fixedType\"")
            case (.some, .some):
                throw invalid(field, "has both \"typeColumn\" and \"fixedType\"; keep one")
            default: break
            }
            try checkFormat(source.format, field: "\(field).format")
        }
        if let days = autoDeactivationDays, days < 1 {
            throw invalid("autoDeactivationDays", "is \(days); give a number of days of at least 1")
        }
        var measureNames = Set<String>()
        for (index, measure) in measures.enumerated() where !measureNames.insert(measure.name).inserted {
            throw invalid("measures[\(index)].name", "\"\(measure.name)\" is defined twice")
        }
    }

    private func checkFormat(_ format: CSVFormat, field: String) throws {
        guard format.delimiter.utf8.count == 1, let byte = format.delimiter.utf8.first, byte != 0x22, byte != 0x0A else {
            throw WorkspaceError.invalidConfig(
                file: Self.fileName, field: "\(field).delimiter",
                message: "\"\(format.delimiter)\" must be one ASCII character other than a quote or newline")
        }
    }
}

extension DecodingError {
    /// The path of the offending field, `activities[1].timestampColumn`; empty at the top.
    public var fieldPath: String {
        let path: [any CodingKey]
        switch self {
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            path = context.codingPath
        case .keyNotFound(let key, let context):
            path = context.codingPath + [key]
        @unknown default:
            path = []
        }
        var text = ""
        for key in path {
            if let index = key.intValue {
                text += "[\(index)]"
            } else {
                text += text.isEmpty ? key.stringValue : ".\(key.stringValue)"
            }
        }
        return text
    }

    /// What is wrong with the value at `fieldPath`, in words.
    public var reason: String {
        switch self {
        case .typeMismatch(let type, _):
            return "has the wrong type (expected \(Self.name(of: type)))"
        case .valueNotFound(let type, _):
            return "is null (expected \(Self.name(of: type)))"
        case .keyNotFound:
            return "is missing"
        case .dataCorrupted(let context):
            if context.codingPath.isEmpty {
                // The parser's own text names the line and column ("around line 1, column 7").
                if let underlying = context.underlyingError,
                   let detail = (underlying as NSError).userInfo[NSDebugDescriptionErrorKey] as? String, !detail.isEmpty {
                    return "is not valid JSON: \(detail)"
                }
                return "is not valid JSON"
            }
            return context.debugDescription
        @unknown default:
            return "is invalid"
        }
    }

    private static func name(of type: Any.Type) -> String {
        switch type {
        case is String.Type: return "text"
        case is Int.Type, is Int64.Type, is Double.Type, is Float.Type: return "a number"
        case is Bool.Type: return "true or false"
        default:
            let name = String(describing: type)
            if name.hasPrefix("Array") { return "a list" }
            if name.hasPrefix("Dictionary") { return "an object" }
            return name
        }
    }
}
