/// Builds the OpenAPI 3.1 document from the route table, so it always matches what is served.
enum OpenAPIDocument {
    /// One operation to document: a route without its handler.
    struct Operation {
        var method: String
        var pattern: RoutePattern
        var isPublic: Bool
        var documentation: RouteDocumentation
    }

    /// What each error status means, for the `responses` of every operation.
    static let statusDescriptions: [Int: String] = [
        400: "The request is malformed: a bad path, query or JSON body (`error.path` names the field).",
        401: "The bearer token is missing or wrong.",
        404: "The thing asked for does not exist.",
        409: "The workspace is not in a state that allows this now.",
        413: "The body is larger than the limit.",
        415: "The body is not JSON.",
        422: "The workspace's input data is invalid.",
        500: "An internal error (details are in the server log, not the answer).",
        503: "The workspace is busy; retry after the `Retry-After` seconds.",
    ]

    /// The document for `routes`; every schema a route names must be in `OpenAPISchemas.all`.
    static func make(routes: [Operation], version: String) -> JSONValue {
        var paths: [String: [String: JSONValue]] = [:]
        for route in routes {
            paths[route.pattern.description, default: [:]][route.method.lowercased()] = operation(route)
        }
        return [
            "openapi": "3.1.0",
            "info": [
                "title": "Audience API",
                "version": .string(version),
                "description": "JSON over HTTP for an Audience workspace. See docs/http-api.md for the conventions.",
            ],
            "security": [["bearerAuth": []]],
            "paths": .object(paths.mapValues { .object($0) }),
            "components": [
                "securitySchemes": [
                    "bearerAuth": ["type": "http", "scheme": "bearer", "description": "The workspace's api-token file."]
                ],
                "schemas": .object(OpenAPISchemas.all),
            ],
        ]
    }

    private static func operation(_ route: Operation) -> JSONValue {
        let documentation = route.documentation
        var parameters: [JSONValue] = route.pattern.parameterNames.map { name in
            ["name": .string(name), "in": "path", "required": true, "schema": ["type": "string"]]
        }
        for query in documentation.queryParameters {
            parameters.append([
                "name": .string(query.name), "in": "query", "required": .bool(query.isRequired),
                "description": .string(query.description), "schema": ["type": .string(query.type)],
            ])
        }

        var success: [String: JSONValue] = ["description": .string(documentation.summary)]
        if let schema = documentation.responseSchema {
            success["content"] = ["application/json": ["schema": reference(schema)]]
        } else if let mediaType = documentation.responseMediaType {
            success["content"] = [mediaType: ["schema": ["type": "string"]]]
        }
        var responses: [String: JSONValue] = [String(documentation.successStatus): .object(success)]
        var errors = Set(documentation.errorStatuses).union([500])
        if !route.isPublic { errors.insert(401) }
        if documentation.requestSchema != nil { errors.formUnion([400, 413, 415]) }
        if !route.pattern.parameterNames.isEmpty || !documentation.queryParameters.isEmpty { errors.insert(400) }
        for status in errors {
            responses[String(status)] = [
                "description": .string(statusDescriptions[status] ?? "An error."),
                "content": ["application/json": ["schema": reference("Error")]],
            ]
        }

        var operation: [String: JSONValue] = [
            "operationId": .string(operationID(route)),
            "summary": .string(documentation.summary),
            "tags": [.string(documentation.tag)],
            "responses": .object(responses),
        ]
        if !parameters.isEmpty { operation["parameters"] = .array(parameters) }
        if let schema = documentation.requestSchema {
            operation["requestBody"] = [
                "required": true, "content": ["application/json": ["schema": reference(schema)]],
            ]
        }
        if route.isPublic { operation["security"] = [] }
        return .object(operation)
    }

    private static func reference(_ schema: String) -> JSONValue {
        precondition(OpenAPISchemas.all[schema] != nil, "OpenAPIDocument: schema \(schema) is not defined")
        return ["$ref": .string("#/components/schemas/\(schema)")]
    }

    /// `getApiJobsById` from `GET /api/jobs/{id}`.
    private static func operationID(_ route: Operation) -> String {
        var id = route.method.lowercased()
        for segment in route.pattern.segments {
            switch segment {
            case .literal(let text):
                for word in text.split(whereSeparator: { !$0.isLetter && !$0.isNumber }) {
                    id += word.prefix(1).uppercased() + word.dropFirst()
                }
            case .parameter(let name):
                id += "By" + name.prefix(1).uppercased() + name.dropFirst()
            }
        }
        return id
    }
}
