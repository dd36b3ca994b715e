import Testing
import Netns

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

@Suite struct PublishedPortTests {
    @Test(arguments: [
        ("80", PublishedPort(hostPort: 0, containerPort: 80)),
        ("8080:80", PublishedPort(hostPort: 8080, containerPort: 80)),
        ("8080:80/tcp", PublishedPort(hostPort: 8080, containerPort: 80, transport: .tcp)),
        ("5353:53/udp", PublishedPort(hostPort: 5353, containerPort: 53, transport: .udp)),
        ("53/UDP", PublishedPort(hostPort: 0, containerPort: 53, transport: .udp)),
        (":80", PublishedPort(hostPort: 0, containerPort: 80)),
        ("127.0.0.1:8080:80", PublishedPort(hostIP: IPv4Address(127, 0, 0, 1), hostPort: 8080, containerPort: 80)),
        ("127.0.0.1::80/udp",
         PublishedPort(hostIP: IPv4Address(127, 0, 0, 1), hostPort: 0, containerPort: 80, transport: .udp)),
        ("0.0.0.0:8080:80", PublishedPort(hostPort: 8080, containerPort: 80)),
        ("::80", PublishedPort(hostPort: 0, containerPort: 80)),
        ("65535:1", PublishedPort(hostPort: 65535, containerPort: 1)),
    ])
    func parsesDockerForms(text: String, expected: PublishedPort) throws {
        #expect(try PublishedPort(parsing: text) == expected)
    }

    @Test func allAddressesAreNil() throws {
        #expect(try PublishedPort(parsing: "0.0.0.0:8080:80").hostIP == nil)
        #expect(PublishedPort(hostIP: .any, hostPort: 1, containerPort: 2).hostIP == nil)
    }

    @Test(arguments: [
        ("70000:80", "invalid port 70000: ports must be 1-65535"),
        ("8080:0", "invalid port 0: ports must be 1-65535"),
        ("0:80", "invalid port 0: ports must be 1-65535"),
        ("http", "invalid port http: ports must be 1-65535"),
        ("+80", "invalid port +80: ports must be 1-65535"),
        ("127.0.0.1:80", "invalid port 127.0.0.1: ports must be 1-65535"),
        ("-1:80", "invalid port -1: ports must be 1-65535"),
        ("8080:-80", "invalid port -80: ports must be 1-65535"),
        ("8000-8010:80", "invalid port 8000-8010: port ranges are not supported, publish each port on its own"),
        ("8080:80/sctp", "invalid protocol \"sctp\": expected tcp or udp"),
        ("8080:80/", "invalid protocol \"\": expected tcp or udp"),
        ("8080:80/tcp/udp", "invalid protocol \"tcp/udp\": expected tcp or udp"),
        ("300.1.1.1:8080:80", "invalid host IP \"300.1.1.1\": expected an IPv4 address such as 127.0.0.1"),
        ("localhost:8080:80", "invalid host IP \"localhost\": expected an IPv4 address such as 127.0.0.1"),
        ("", "invalid port specification \"\": expected [hostIP:][hostPort:]containerPort[/tcp|/udp]"),
        ("8080:", "invalid port specification \"8080:\": expected [hostIP:][hostPort:]containerPort[/tcp|/udp]"),
        ("[::1]:8080:80",
         "invalid port specification \"[::1]:8080:80\": expected [hostIP:][hostPort:]containerPort[/tcp|/udp]"),
        ("1.2.3.4:1:2:3",
         "invalid port specification \"1.2.3.4:1:2:3\": expected [hostIP:][hostPort:]containerPort[/tcp|/udp]"),
    ])
    func refusesWithAClearReason(text: String, message: String) {
        do {
            let port = try PublishedPort(parsing: text)
            Issue.record("\"\(text)\" parsed as \(port)")
        } catch {
            #expect(error.description == message)
        }
    }

    /// `-p 8080:80 -p 8080:80` is one publication, as in Docker; one host port for two container
    /// ports is refused before anything exists.
    @Test func theSamePublicationTwiceCountsOnce() throws {
        let ports = try ["8080:80", "8080:80/tcp", "0.0.0.0:8080:80", "8080:80/udp", "127.0.0.1:9090:90", "127.0.0.2:9090:90"]
            .map { try PublishedPort(parsing: $0) }
        #expect(try PublishedPort.distinct(ports).map(\.specification)
                == ["8080:80/tcp", "8080:80/udp", "127.0.0.1:9090:90/tcp", "127.0.0.2:9090:90/tcp"])
        // Host ports the kernel picks are each a port of their own.
        let picked = try ["80", "80"].map { try PublishedPort(parsing: $0) }
        #expect(try PublishedPort.distinct(picked) == picked)
    }

    @Test(arguments: [
        (["8080:80", "8080:81"], "-p 8080:80/tcp and -p 8080:81/tcp"),
        (["8080:80", "127.0.0.1:8080:80"], "-p 8080:80/tcp and -p 127.0.0.1:8080:80/tcp"),
        (["127.0.0.1:8080:80", "8080:81"], "-p 127.0.0.1:8080:80/tcp and -p 8080:81/tcp"),
    ])
    func oneHostPortForTwoIsRefused(texts: [String], named: String) throws {
        let ports = try texts.map { try PublishedPort(parsing: $0) }
        let error = #expect(throws: PortParseError.self) { try PublishedPort.distinct(ports) }
        #expect(error?.description == "conflicting port publications \(named): a host port goes to one container port only")
    }

    @Test func describesLikeDockersPortsColumn() throws {
        #expect(try PublishedPort(parsing: "8080:80").description == "0.0.0.0:8080->80/tcp")
        #expect(try PublishedPort(parsing: "127.0.0.1:5353:53/udp").description == "127.0.0.1:5353->53/udp")
    }

    @Test(arguments: ["80/tcp", "8080:80/tcp", "5353:53/udp", "127.0.0.1:8080:80/tcp", "10.0.0.1::80/udp"])
    func specificationReadsBack(text: String) throws {
        let port = try PublishedPort(parsing: text)
        #expect(port.specification == text)
        #expect(try PublishedPort(parsing: port.specification) == port)
    }

    @Test func codableAsDockerStrings() throws {
        let ports = [try PublishedPort(parsing: "127.0.0.1:8080:80"), try PublishedPort(parsing: "53/udp")]
        let json = try JSONEncoder().encode(ports)
        #expect(String(decoding: json, as: UTF8.self) == #"["127.0.0.1:8080:80\/tcp","53\/udp"]"#)
        #expect(try JSONDecoder().decode([PublishedPort].self, from: json) == ports)
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode([PublishedPort].self, from: Data(#"["99999:80"]"#.utf8))
        }
    }
}
