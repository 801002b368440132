extension ActivityWindow: Codable {
    private enum Kind: String, CaseIterable {
        case allTime = "all_time"
        case last
        case between
        case yearToDate = "year_to_date"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: JSONKey.self)
        switch try container.decodeName(Kind.self, forKey: .kind, what: "window") {
        case .allTime: self = .allTime
        case .yearToDate: self = .yearToDate
        case .last:
            self = .last(RelativeDuration(
                try container.decode(Int.self, forKey: .amount),
                try container.decodeName(DurationUnit.self, forKey: .unit, what: "unit")))
        case .between:
            self = .between(
                try container.decode(CalendarDate.self, forKey: .from),
                try container.decode(CalendarDate.self, forKey: .to))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: JSONKey.self)
        switch self {
        case .allTime: try container.encode(Kind.allTime.rawValue, forKey: .kind)
        case .yearToDate: try container.encode(Kind.yearToDate.rawValue, forKey: .kind)
        case .last(let duration):
            try container.encode(Kind.last.rawValue, forKey: .kind)
            try container.encode(duration.amount, forKey: .amount)
            try container.encode(duration.unit, forKey: .unit)
        case .between(let from, let to):
            try container.encode(Kind.between.rawValue, forKey: .kind)
            try container.encode(from, forKey: .from)
            try container.encode(to, forKey: .to)
        }
    }
}
