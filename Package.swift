// swift-tools-version:6.0
import PackageDescription

// Imports point down only: minirun-pull -> Registry -> Runtime, minirun -> Runtime -> Netns -> CRuntimeShims. JSONCodec is all of minirun's
// JSON: the value, the parser, Encodable/Decodable to and from it, and the writers (Go's layout, the
// canonical one); it imports nothing. GoTemplate is Go's text/template over those values (`--format`,
// `inspect -f`); neither knows anything of containers.
// minirun-monitor is a small C program (the per-container parent of detached containers);
// it links only CRuntimeShims so that its resident memory stays near conmon's. minirun-unpack is the
// C program that extracts image tarballs with libarchive (gzip decoded by ISA-L), kept out of the
// static minirun.
// scripts/build-release passes the commit it builds as MINIRUN_GIT_COMMIT, and `minirun version` prints it;
// other builds print "unknown". (The environment is part of SwiftPM's manifest cache key, so a new commit
// is not answered from the cache.) Only hex digits and "-dirty", as it becomes a C string literal.
let gitCommit = Context.environment["MINIRUN_GIT_COMMIT"].flatMap { commit in
    commit.allSatisfy { $0.isHexDigit || "-dirty".contains($0) } ? commit : nil
}

let package = Package(
    name: "minirun",
    products: [
        .executable(name: "minirun", targets: ["minirun"]),
        .executable(name: "minirun-monitor", targets: ["minirun-monitor"]),
        .executable(name: "minirun-unpack", targets: ["minirun-unpack"]),
        .executable(name: "minirun-dns", targets: ["minirun-dns"]),
        .executable(name: "minirun-pull", targets: ["minirun-pull"]),
        .executable(name: "minirun-oci", targets: ["minirun-oci"]),
        .executable(name: "minirun-yaml", targets: ["minirun-yaml"]),
        .library(name: "Runtime", targets: ["Runtime"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    ],
    targets: [
        .target(
            name: "CRuntimeShims",
            cSettings: [.define("_GNU_SOURCE")],
            linkerSettings: [.linkedLibrary("seccomp")]
        ),
        // Netns in the order `run --net=bridge` uses it: Addresses and IPAM pick the container's address,
        // Bridge makes the bridge and the veth pair through Netlink (rtnetlink), Firewall writes the nft
        // rules and Ports holds the published host ports; Support is what they share.
        .target(name: "Netns", dependencies: ["CRuntimeShims"]),
        .target(name: "JSONCodec"),
        .target(name: "CBuildInfo", cSettings: gitCommit.map { [.define("MINIRUN_GIT_COMMIT", to: "\"\($0)\"")] } ?? []),
        .target(name: "GoTemplate", dependencies: ["JSONCodec"]),
        .target(name: "Runtime", dependencies: ["Netns", "JSONCodec", "GoTemplate", "CRuntimeShims"]),
        // Pulls from registries (the distribution spec) into an IncomingImage that Runtime's store takes in.
        // It sits above Runtime: SwiftNIO, TLS and the HTTP client are linked only into minirun-pull, the
        // program that minirun executes for pull, login and logout and runs for `run --pull`; neither
        // minirun nor Runtime - the whole of `run`'s path - loads them (bench/REGISTRY-STARTUP.md).
        .target(
            name: "Registry",
            dependencies: [
                "Runtime", "JSONCodec",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // `minirun compose`: a project's files loaded (minirun-yaml parses the YAML), checked and normalised,
        // and brought up or down through Runtime's Engine, as `run` and `rm` do for one container.
        .target(name: "Compose", dependencies: ["Runtime", "Netns", "JSONCodec"]),
        // Compose's YAML, read and written through Yams in a program of its own: Yams imports
        // Foundation, which linked into minirun made every `run` slower (Sources/minirun-yaml/Main.swift).
        .executableTarget(name: "minirun-yaml", dependencies: ["JSONCodec", .product(name: "Yams", package: "Yams")]),
        .executableTarget(
            name: "minirun",
            dependencies: [
                "Runtime", "Compose", "JSONCodec", "GoTemplate", "CBuildInfo",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // The OCI runtime (runc's command line) for dockerd, containerd and Podman: a program of its own
        // beside minirun, so that its `run`, `ps`, `exec` and `kill` are the OCI verbs and minirun's stay Docker's.
        .executableTarget(
            name: "minirun-oci",
            dependencies: ["Runtime", "JSONCodec", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        .executableTarget(
            name: "minirun-pull",
            dependencies: ["Runtime", "Registry", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        // JSONCodec against Foundation's JSONDecoder/JSONEncoder on a container record (bench/json-codec.sh).
        .executableTarget(name: "json-bench", dependencies: ["JSONCodec"], path: "bench/JSONBench", exclude: ["container.json"]),
        .executableTarget(
            name: "minirun-monitor",
            dependencies: ["CRuntimeShims"],
            cSettings: [.define("_GNU_SOURCE")]
        ),
        .executableTarget(
            name: "minirun-unpack",
            dependencies: ["CRuntimeShims"],
            cSettings: [.define("_GNU_SOURCE")],
            linkerSettings: [.linkedLibrary("archive"), .linkedLibrary("crypto"), .linkedLibrary("isal")]
        ),
        // minirun-dns is the name server of one user-defined network (a small C program, like the
        // monitor); CDNS is its wire format and records, which the fuzz program drives as well.
        .target(name: "CDNS"),
        .executableTarget(name: "minirun-dns", dependencies: ["CDNS"], cSettings: [.define("_GNU_SOURCE")]),
        // Random and mutated messages through CDNS's parser and answer builder (DNSParserFuzzTests).
        .executableTarget(name: "dns-fuzz", dependencies: ["CDNS"], path: "Tests/DNSFuzz"),
        .testTarget(name: "NetnsTests", dependencies: ["Netns"]),
        .testTarget(name: "JSONCodecTests", dependencies: ["JSONCodec"]),
        .testTarget(name: "GoTemplateTests", dependencies: ["GoTemplate", "JSONCodec"]),
        // Tries syscalls under a compiled seccomp filter; a C program, since a filter binds its process
        // for good and Swift's test runner is multithreaded.
        .executableTarget(name: "seccomp-probe", path: "Tests/SeccompProbe"),
        .executableTarget(name: "thread-clone-probe", dependencies: ["CRuntimeShims"], path: "Tests/ThreadCloneProbe"),
        // What the machine the tests run on offers (its cgroup layout), for the tests that need it.
        .target(name: "TestSupport", dependencies: ["Runtime"], path: "Tests/TestSupport"),
        .testTarget(name: "RuntimeTests", dependencies: ["Runtime", "JSONCodec", "GoTemplate", "TestSupport", "seccomp-probe", "thread-clone-probe", "minirun-unpack", "dns-fuzz"]),
        .testTarget(name: "CLITests", dependencies: ["minirun"]),
        .testTarget(name: "ComposeTests", dependencies: ["Compose", "Runtime", "minirun-yaml"]),
        .testTarget(name: "RegistryTests", dependencies: ["Registry", "Runtime", "TestSupport", "minirun-unpack"]),
        .testTarget(
            name: "IntegrationTests",
            dependencies: ["Runtime", "Compose", "TestSupport", "minirun", "minirun-monitor", "minirun-unpack", "minirun-dns", "minirun-pull", "minirun-oci", "minirun-yaml"],
            exclude: ["Fixtures"]),
    ]
)
