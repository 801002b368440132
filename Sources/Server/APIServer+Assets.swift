import Foundation

extension APIServer {
    /// One file of the web page, held in memory.
    struct Asset: Sendable {
        var bytes: [UInt8]
        var contentType: String
    }

    /// The files of the web page by the path they are served at.
    static let pageFiles: [(path: String, file: String, contentType: String)] = [
        ("/", "index.html", "text/html; charset=utf-8"),
        ("/app.css", "app.css", "text/css; charset=utf-8"),
        ("/app.js", "app.js", "text/javascript; charset=utf-8"),
        ("/similar.js", "similar.js", "text/javascript; charset=utf-8"),
        ("/suggestions.js", "suggestions.js", "text/javascript; charset=utf-8"),
        ("/insights.js", "insights.js", "text/javascript; charset=utf-8"),
        ("/schedules.js", "schedules.js", "text/javascript; charset=utf-8"),
    ]

    /// `GET /`, `GET /app.css`, `GET /app.js`: the web page, from the bundled resources.
    ///
    /// The files are read once, when the server starts; they need no token (the page asks
    /// for it and sends it with every API call).
    static func addAssetRoutes(to router: inout Router) {
        for page in pageFiles {
            let asset = loadAsset(page.file, contentType: page.contentType)
            let mediaType = String(page.contentType.prefix { $0 != ";" })
            router.add(
                "GET", page.path, isPublic: true,
                RouteDocumentation(
                    summary: "The web page: \(page.file).", tag: "page", responseSchema: nil,
                    responseMediaType: mediaType)
            ) { _ in
                var response = Response.bytes(asset.bytes, contentType: asset.contentType)
                response.setHeader("Cache-Control", "no-cache")
                return response
            }
        }
    }

    /// Reads a bundled page file; a missing one is a packaging error.
    static func loadAsset(_ name: String, contentType: String) -> Asset {
        guard let url = Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Assets"),
              let data = FileManager.default.contents(atPath: url.path)
        else {
            preconditionFailure("APIServer.loadAsset(_:contentType:): the bundle has no Assets/\(name)")
        }
        return Asset(bytes: Array(data), contentType: contentType)
    }
}
