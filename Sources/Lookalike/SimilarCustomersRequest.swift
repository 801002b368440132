/// What to find similar customers for, among whom, and how many to keep.
public struct SimilarCustomersRequest: Sendable {
    /// How members are chosen from the scored target audience.
    public enum Selection: Sendable, Equatable, Codable {
        /// Every target customer scoring at least this (in [0, 1]).
        case threshold(Double)
        /// The best-scoring share of the target audience (0.2 is the top 20 %).
        case topShare(Double)
    }

    /// The source segment's name (for messages and the model's metadata).
    public var sourceSegment: String
    /// The source segment's members: customer rows of the snapshot, sorted or not.
    public var sourceRows: [UInt32]
    /// The target audience's rows; nil means every customer outside the source. Source members are removed from it.
    public var targetRows: [UInt32]?
    /// Whether the source members are added to the result with their scores.
    public var includesSource: Bool
    /// How members are chosen (default: the top 20 % of the target).
    public var selection: Selection
    /// The encoding to fit, when no fitted ``encoder`` is given.
    public var encoderOptions: FeatureEncoderOptions
    /// The workspace's measures the encoder may choose from (see ``FeatureEncoderOptions/includesMeasures``).
    public var measures: EncodedMeasures?
    /// A fitted encoder to reuse (for example the workspace's embedding).
    public var encoder: FeatureEncoder?
    /// The model's settings.
    public var parameters: LookalikeParameters
    /// The name the model is saved under (default: `<source segment>-lookalike`).
    public var modelName: String?

    /// Creates a request.
    public init(sourceSegment: String, sourceRows: [UInt32], targetRows: [UInt32]? = nil, includesSource: Bool = false,
                selection: Selection = .topShare(0.2), encoderOptions: FeatureEncoderOptions = FeatureEncoderOptions(),
                measures: EncodedMeasures? = nil, encoder: FeatureEncoder? = nil, parameters: LookalikeParameters = LookalikeParameters(),
                modelName: String? = nil) {
        self.sourceSegment = sourceSegment
        self.sourceRows = sourceRows
        self.targetRows = targetRows
        self.includesSource = includesSource
        self.selection = selection
        self.encoderOptions = encoderOptions
        self.measures = measures
        self.encoder = encoder
        self.parameters = parameters
        self.modelName = modelName
    }
}
