import Foundation
import Segments
import Workspace

extension APIServer {
    /// `POST /api/definitions/quick`: a quick segment's size and its field's distribution.
    static func addQuickRoutes(to router: inout Router, workspace: Workspace) {
        router.add(
            "POST", "/api/definitions/quick",
            RouteDocumentation(
                summary: "One field, or one condition on it: the size, the top 10 values of a category, percentiles 5–95 of a number or date.",
                tag: "definitions", requestSchema: "QuickRequest", responseSchema: "QuickEstimate",
                errorStatuses: [404, 422])
        ) { request in
            let body = try request.decodeJSON(QuickRequest.self)
            let field = body.field?.trimmingCharacters(in: .whitespaces)
            let condition = body.condition?.trimmingCharacters(in: .whitespaces)
            let input: String
            let inputField: String
            switch (field.flatMap { $0.isEmpty ? nil : $0 }, condition.flatMap { $0.isEmpty ? nil : $0 }) {
            case (let field?, nil):
                guard field.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else {
                    throw HTTPError(
                        status: 400, message: "\"\(field)\" is not a field name (send a test as condition)", field: "field")
                }
                (input, inputField) = (field, "field")
            case (nil, let condition?):
                (input, inputField) = (condition, "condition")
            case (nil, nil):
                throw HTTPError(status: 400, message: "give a field (country) or a condition (age >= 30)", field: "field")
            case (_?, _?):
                throw HTTPError(status: 400, message: "give a field or a condition, not both", field: "condition")
            }
            let asOf = try instant(body.asOf, field: "asOf", in: workspace) ?? Date()
            do {
                return try .json(workspace.quick(input, asOf: asOf))
            } catch let error as EvaluationError {
                throw HTTPError(status: 422, message: error.description, field: inputField)
            } catch let error as SegmentSyntaxError {
                throw HTTPError(status: 422, message: error.description, field: inputField)
            } catch let error as SegmentValidationError {
                throw HTTPError(status: 422, message: error.description, field: inputField)
            }
        }
    }
}
