// swift-tools-version: 6.1
import PackageDescription

/// Hot numeric code is compiled with exclusivity checks off in release builds;
/// every such module is tested in debug builds, where the checks stay on.
let fastMath: [SwiftSetting] = [
    .unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release))
]

let package = Package(
    name: "Pushforward",
    products: [
        .executable(name: "pushforward", targets: ["pushforward"]),
        .library(name: "Physics2D", targets: ["Physics2D"]),
        .library(name: "NeuralNet", targets: ["NeuralNet"]),
        .library(name: "Tasks", targets: ["Tasks"]),
        .library(name: "Policies", targets: ["Policies"]),
        .library(name: "Configuration", targets: ["Configuration"]),
        .library(name: "Runs", targets: ["Runs"]),
        .library(name: "Media", targets: ["Media"]),
        .library(name: "Reinforcement", targets: ["Reinforcement"]),
        .library(name: "Experiments", targets: ["Experiments"]),
        .library(name: "Sweeps", targets: ["Sweeps"]),
    ],
    traits: [
        .trait(name: "Viewer", description: "Builds the live GLFW window (`pushforward view`); needs libglfw3-dev.")
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
    ],
    targets: [
        .target(name: "Physics2D", swiftSettings: fastMath),
        .systemLibrary(
            name: "COpenBLAS",
            pkgConfig: "openblas",
            providers: [.apt(["libopenblas-dev"])]
        ),
        .target(name: "NeuralNet", dependencies: ["COpenBLAS", "CZlib", "Runs"], swiftSettings: fastMath),
        .systemLibrary(
            name: "CZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        .target(name: "Tasks", dependencies: ["Physics2D"], swiftSettings: fastMath),
        .target(name: "Policies", dependencies: ["NeuralNet", "Tasks"], swiftSettings: fastMath),
        .target(name: "Configuration", dependencies: [.product(name: "Yams", package: "Yams")]),
        .target(name: "Runs"),
        .target(name: "Media", dependencies: ["Tasks", "Runs", "CZlib"], swiftSettings: fastMath),
        .target(name: "Sweeps", dependencies: ["Configuration", "Runs", "Media"]),
        .target(name: "Reinforcement", dependencies: ["NeuralNet", "Policies", "Tasks"], swiftSettings: fastMath),
        .target(
            name: "Experiments",
            dependencies: ["Physics2D", "NeuralNet", "Tasks", "Policies", "Reinforcement", "Configuration", "Runs", "Media", "Sweeps"]
        ),
        // The live window: GLFW and OpenGL enter the build only with `--traits Viewer`, so
        // the default build needs no display libraries. Without the trait `Viewer` compiles
        // empty (its sources are inside `#if Viewer`).
        .systemLibrary(
            name: "CGLFW",
            pkgConfig: "glfw3",
            providers: [.apt(["libglfw3-dev", "libgl-dev"])]
        ),
        .target(
            name: "Viewer",
            dependencies: [.target(name: "CGLFW", condition: .when(traits: ["Viewer"])),
                           "Experiments", "Policies", "Tasks", "Physics2D", "Media"]
        ),
        .executableTarget(
            name: "pushforward",
            dependencies: ["Configuration", "Runs", "NeuralNet", "Experiments", "Sweeps", .product(name: "ArgumentParser", package: "swift-argument-parser"),
                           .target(name: "Viewer", condition: .when(traits: ["Viewer"]))]
        ),
        .testTarget(name: "Physics2DTests", dependencies: ["Physics2D"]),
        .testTarget(name: "NeuralNetTests", dependencies: ["NeuralNet"], exclude: ["Resources"]),
        .testTarget(name: "TasksTests", dependencies: ["Tasks"]),
        .testTarget(name: "PoliciesTests", dependencies: ["Policies"]),
        .testTarget(name: "ConfigurationTests", dependencies: ["Configuration"]),
        .testTarget(name: "RunsTests", dependencies: ["Runs"]),
        .testTarget(name: "MediaTests", dependencies: ["Media", "Tasks", "Runs", "CZlib"]),
        .testTarget(name: "ExperimentsTests", dependencies: ["Experiments", "Configuration", "Runs", "Media", "Sweeps"]),
        // Runs the built `pushforward` binary as a subprocess; the dependency on the
        // executable target makes SwiftPM build it before the tests.
        .testTarget(name: "EndToEndTests", dependencies: ["pushforward", "NeuralNet"], exclude: ["Fixtures", "Corpus"]),
        .testTarget(name: "ReinforcementTests", dependencies: ["Reinforcement"]),
        .testTarget(name: "SweepsTests", dependencies: ["Sweeps", "Configuration", "Runs"]),
    ]
)
