/// A batch of customers from a customers file as the encoder's raw profile values, filled cell by cell: the
/// columnar input of batch scoring (no dictionary per customer).
///
/// Append a customer, then set the cells the file has; a cell never set is
/// missing. Values are typed as ingest types them (see `CellReader`): numbers,
/// booleans, dates as days since 1970-01-01, datetimes as milliseconds since
/// the epoch, categories as their bytes.
public struct ProfileBatch: Sendable {
    /// The profile fields the encoder reads, in field order: their customers-file column and type
    /// (`number`, `boolean`, `date`, `datetime`, `category`).
    public let fields: [(name: String, type: String)]
    /// The customer ids, in order.
    public private(set) var ids: [String] = []
    /// The raw values, a row of `fields.count` per customer (NaN missing; level indexes for categories): one
    /// flat array, so setting a cell is one store.
    @usableFromInline var cells: [Double] = []
    /// The encoder field index of each profile field.
    let encoderField: [Int]
    /// The levels of each category field, as bytes (empty for other fields).
    private let levels: [[[UInt8]]]
    private let asOfDays: Int
    private let asOfMilliseconds: Int64

    /// An empty batch for the encoder.
    public init(encoder: FeatureEncoder) {
        var fields: [(name: String, type: String)] = [], encoderField: [Int] = [], levels: [[[UInt8]]] = []
        for (index, field) in encoder.fields.enumerated() {
            guard case .column(let name, let type) = field.input else { continue }
            fields.append((name, type))
            encoderField.append(index)
            if case .oneHot(let values) = field.transform {
                levels.append(values.map { Array($0.utf8) })
            } else {
                levels.append([])
            }
        }
        self.fields = fields
        self.encoderField = encoderField
        self.levels = levels
        asOfDays = encoder.asOfDays
        asOfMilliseconds = encoder.asOfMilliseconds
    }

    /// The number of customers.
    public var count: Int { ids.count }

    /// Empties the batch, keeping its storage.
    public mutating func removeAll() {
        ids.removeAll(keepingCapacity: true)
        cells.removeAll(keepingCapacity: true)
    }

    /// Appends a customer whose cells are all missing.
    public mutating func append(id: String) {
        ids.append(id)
        cells.append(contentsOf: repeatElement(.nan, count: fields.count))
    }

    /// Sets the last customer's number or boolean (0 or 1) of profile field `f`.
    @inlinable
    public mutating func setNumber(_ value: Double, field f: Int) {
        cells[cells.count - fields.count + f] = value
    }

    /// Sets the last customer's date of profile field `f`, in days since 1970-01-01.
    public mutating func setDays(_ days: Int, field f: Int) {
        setNumber(Double(asOfDays - days), field: f)
    }

    /// Sets the last customer's datetime of profile field `f`, in milliseconds since the epoch.
    public mutating func setMilliseconds(_ milliseconds: Int64, field f: Int) {
        setNumber(Double(asOfMilliseconds - milliseconds) / 86_400_000, field: f)
    }

    /// Sets the last customer's category of profile field `f` (a level not seen when fitting encodes as all zeros).
    public mutating func setLevel(_ bytes: UnsafeBufferPointer<UInt8>, field f: Int) {
        var index = -1.0
        for (i, level) in levels[f].enumerated() where level.count == bytes.count && level.elementsEqual(bytes) {
            index = Double(i)
            break
        }
        setNumber(index, field: f)
    }
}
