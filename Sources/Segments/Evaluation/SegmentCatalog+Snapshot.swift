import CustomerData

extension SegmentCatalog {
    /// The catalog of a workspace: the snapshot's customer attributes (all
    /// columns but the id), its activity types and fields, the measures of
    /// `audience.json`, and the known segments with the segments each refers to.
    ///
    /// Activity fields are every activity column except `type` (which the
    /// aggregate's type list selects); `amount` is listed only when a source
    /// has an amount column.
    public init(snapshot: Snapshot, config: WorkspaceConfig, segments: [String: SegmentDefinition] = [:]) {
        self.init(snapshot: snapshot, measures: config.measures,
                  hasAmount: config.activities.contains { $0.amountColumn != nil },
                  segments: segments.mapValues { Set($0.referencedSegments) })
    }

    /// The catalog of a snapshot with the given measures; `segments` maps each
    /// known segment to the names its definition refers to.
    public init(snapshot: Snapshot, measures: [MeasureDefinition], hasAmount: Bool = true,
                segments: [String: Set<String>] = [:]) {
        let idName = snapshot.manifest.customers.idColumn
        var attributes: [String: ColumnType] = [:]
        for column in snapshot.customers.columns where column.name != idName {
            attributes[column.name] = column.type
        }
        var fields: [String: ColumnType] = [:]
        for column in snapshot.manifest.activities.columns where column.role != .type {
            if column.role == .amount, !hasAmount { continue }
            fields[column.name] = column.type
        }
        let types = snapshot.activityTypes.dictionary
        self.init(
            attributes: attributes,
            activityTypes: Set((0..<types.count).map { types.string(at: $0) }),
            activityFields: fields,
            measures: measures,
            segments: segments)
    }
}
