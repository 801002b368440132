/// One endpoint: a method and a path pattern, what it documents about itself, and its handler.
public struct Route: Sendable {
    /// The method in upper case (`GET`, `POST`, `PUT`, `PATCH`, `DELETE`).
    public var method: String
    public var pattern: RoutePattern
    /// Whether the route answers without a bearer token (only health does).
    public var isPublic: Bool
    public var documentation: RouteDocumentation
    public var handler: @Sendable (Request) throws -> Response
}

/// What a route tells the OpenAPI document about itself.
public struct RouteDocumentation: Sendable {
    /// A query parameter the route reads.
    public struct QueryParameter: Sendable {
        public var name: String
        public var description: String
        /// A JSON Schema type name: `string`, `integer`, `number`, `boolean`.
        public var type: String
        public var isRequired: Bool

        public init(name: String, description: String, type: String = "string", isRequired: Bool = false) {
            self.name = name
            self.description = description
            self.type = type
            self.isRequired = isRequired
        }
    }

    /// One line saying what the route does.
    public var summary: String
    /// A grouping for the document (`workspace`, `jobs`).
    public var tag: String
    public var queryParameters: [QueryParameter]
    /// The schema name (in `components/schemas`) of the JSON request body, if the route takes one.
    public var requestSchema: String?
    /// The success status (200, or 202 for a started job).
    public var successStatus: Int
    /// The schema name of the JSON success body, or `nil` for a non-JSON or empty body.
    public var responseSchema: String?
    /// The media type of the success body when it is not JSON (`text/csv`).
    public var responseMediaType: String?
    /// The error statuses the route answers besides the ones every route may (401, 500).
    public var errorStatuses: [Int]

    public init(
        summary: String, tag: String, queryParameters: [QueryParameter] = [], requestSchema: String? = nil,
        successStatus: Int = 200, responseSchema: String?, responseMediaType: String? = nil,
        errorStatuses: [Int] = []
    ) {
        self.summary = summary
        self.tag = tag
        self.queryParameters = queryParameters
        self.requestSchema = requestSchema
        self.successStatus = successStatus
        self.responseSchema = responseSchema
        self.responseMediaType = responseMediaType
        self.errorStatuses = errorStatuses
    }
}
