// swift-tools-version:6.0
import PackageDescription

// The layout follows DESIGN.md: dependencies point down the list only, and only
// the wrapper module of a C library imports its system-library target.
let package = Package(
    name: "Audience",
    products: [
        .executable(name: "audience", targets: ["audience"]),
    ],
    targets: [
        // MARK: - C libraries from Debian
        .systemLibrary(
            name: "CBLAS",
            pkgConfig: "openblas",
            providers: [.apt(["libopenblas-dev"])]
        ),
        .systemLibrary(
            name: "CLAPACKE",
            pkgConfig: "lapacke",
            providers: [.apt(["liblapacke-dev"])]
        ),
        .systemLibrary(
            name: "CSQLite",
            pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"])]
        ),
        .systemLibrary(
            name: "CRoaring",
            providers: [.apt(["libroaring-dev"])]
        ),
        .systemLibrary(
            name: "CMicroHTTPD",
            pkgConfig: "libmicrohttpd",
            providers: [.apt(["libmicrohttpd-dev"])]
        ),

        // MARK: - Modules
        .target(name: "LinearAlgebra", dependencies: ["CBLAS", "CLAPACKE"]),
        .target(name: "CustomerData"),
        .target(name: "Segments", dependencies: ["CustomerData", "CRoaring"]),
        .target(name: "Lookalike", dependencies: ["LinearAlgebra", "CustomerData", "Segments"]),
        .target(name: "SegmentStore", dependencies: ["CSQLite", "CustomerData", "Segments"]),
        .target(
            name: "Workspace",
            dependencies: ["CustomerData", "Segments", "SegmentStore", "LinearAlgebra", "Lookalike", "Suggestions"]
        ),
        .target(name: "Suggestions", dependencies: ["LinearAlgebra", "CustomerData", "Segments"]),
        .target(name: "Server", dependencies: ["Workspace", "CMicroHTTPD"], resources: [.copy("Assets")]),
        .target(name: "ArgumentParsing"),
        .executableTarget(name: "audience", dependencies: ["ArgumentParsing", "Workspace", "Server"]),
        .executableTarget(name: "knn-bench", dependencies: ["LinearAlgebra"]),
        .executableTarget(name: "engine-bench", dependencies: ["Segments", "Workspace"]),
        .executableTarget(name: "suggest-eval", dependencies: ["Suggestions", "CustomerData"]),

        // MARK: - Tests
        .testTarget(name: "ArgumentParsingTests", dependencies: ["ArgumentParsing"]),
        .testTarget(name: "LinearAlgebraTests", dependencies: ["LinearAlgebra"]),
        .testTarget(name: "CustomerDataTests", dependencies: ["CustomerData"]),
        .testTarget(name: "SegmentsTests", dependencies: ["Segments"]),
        .testTarget(name: "LookalikeTests", dependencies: ["Lookalike"]),
        .testTarget(name: "SegmentStoreTests", dependencies: ["SegmentStore", "Segments"]),
        .testTarget(name: "WorkspaceTests", dependencies: ["Workspace"]),
        .testTarget(name: "ServerTests", dependencies: ["Server"]),
        .testTarget(name: "SuggestionsTests", dependencies: ["Suggestions"]),
        .testTarget(name: "IntegrationTests", dependencies: ["Workspace", "audience"]),
        .testTarget(name: "DifferentialTests", dependencies: ["Segments", "SegmentStore", "CustomerData"]),
    ],
    swiftLanguageModes: [.v6]
)
