import Foundation
import Segments
import Workspace

extension APIServer {
    /// `GET /api/definitions/catalog`, `POST /api/definitions/validate` and
    /// `POST /api/definitions/estimate`: what the builder needs while a definition is edited.
    static func addDefinitionRoutes(to router: inout Router, workspace: Workspace) {
        router.add(
            "GET", "/api/definitions/catalog",
            RouteDocumentation(
                summary: "Lists what a definition can name: attributes, activity types and fields, measures, segments.",
                tag: "definitions", responseSchema: "DefinitionCatalog", errorStatuses: [404])
        ) { _ in
            try .json(catalogAnswer(try catalog(workspace)))
        }

        router.add(
            "POST", "/api/definitions/validate",
            RouteDocumentation(
                summary: "Checks a definition (text syntax or JSON): the canonical text, or every problem with its path and line:column.",
                tag: "definitions", requestSchema: "DefinitionRequest", responseSchema: "DefinitionCheck",
                errorStatuses: [404])
        ) { request in
            let body = try request.decodeJSON(DefinitionRequest.self)
            return try .json(check(try body.input(), workspace: workspace))
        }

        router.add(
            "POST", "/api/definitions/estimate",
            RouteDocumentation(
                summary: "Evaluates a definition without saving it: member count, percent, per-rule counts and the first members.",
                tag: "definitions", requestSchema: "DefinitionRequest", responseSchema: "Estimate",
                errorStatuses: [404, 422])
        ) { request in
            let body = try request.decodeJSON(DefinitionRequest.self)
            let input = try body.input()
            let asOf = try instant(body.asOf, field: "asOf", in: workspace) ?? Date()
            return try .json(workspace.evaluate(input, asOf: asOf, limit: 10))
        }
    }

    /// The workspace's catalog: attributes, activities and measures of the live snapshot,
    /// and the stored segments' names.
    static func catalog(_ workspace: Workspace) throws -> SegmentCatalog {
        var catalog = try workspace.evaluator().catalog
        for segment in try workspace.segments() where catalog.segments[segment.name] == nil {
            catalog.segments[segment.name] = []
        }
        return catalog
    }

    static func catalogAnswer(_ catalog: SegmentCatalog) -> DefinitionCatalog {
        DefinitionCatalog(
            attributes: catalog.attributes.sorted { $0.key < $1.key }.map { .init(name: $0.key, type: $0.value.rawValue) },
            activityTypes: catalog.activityTypes.sorted(),
            activityFields: catalog.activityFields.sorted { $0.key < $1.key }
                .map { .init(name: $0.key, type: $0.value.rawValue) },
            measures: catalog.measures.sorted { $0.key < $1.key }
                .map { .init(name: $0.key, aggregate: $0.value.aggregate.rawValue, description: $0.value.description) },
            segments: catalog.segments.keys.sorted())
    }

    /// Validates `input`, turning definition errors into the list of problems.
    static func check(_ input: String, workspace: Workspace) throws -> DefinitionCheck {
        let catalog = try catalog(workspace)
        do {
            let definition = try workspace.parseDefinition(input, catalog: catalog)
            let json = try JSONDecoder().decode(JSONValue.self, from: definition.jsonData())
            return DefinitionCheck(isValid: true, definition: definition.text, json: json, problems: [])
        } catch let error as SegmentSyntaxError {
            let problem = DefinitionCheck.Problem(
                kind: "syntax", message: error.message, path: error.context, line: error.location?.line,
                column: error.location?.column, suggestion: nil, text: error.description)
            return DefinitionCheck(isValid: false, problems: [problem])
        } catch let error as SegmentValidationError {
            let problems = error.diagnostics.map { diagnostic in
                DefinitionCheck.Problem(
                    kind: diagnostic.kind.rawValue, message: diagnostic.message, path: diagnostic.path.description,
                    line: diagnostic.location?.line, column: diagnostic.location?.column,
                    suggestion: diagnostic.suggestion, text: diagnostic.description)
            }
            return DefinitionCheck(isValid: false, problems: problems)
        }
    }
}
