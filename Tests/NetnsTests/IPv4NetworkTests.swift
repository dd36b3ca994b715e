import Testing
import Netns

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

@Suite struct IPv4NetworkTests {
    @Test func parsesCIDR() throws {
        let network = try IPv4Network(parsing: "172.17.0.0/16")
        #expect(network.networkAddress == IPv4Address(172, 17, 0, 0))
        #expect(network.prefixLength == 16)
        #expect(network.netmask == IPv4Address(255, 255, 0, 0))
        #expect(network.broadcastAddress == IPv4Address(172, 17, 255, 255))
        #expect(network.firstHost == IPv4Address(172, 17, 0, 1))
        #expect(network.lastHost == IPv4Address(172, 17, 255, 254))
        #expect(network.addressCount == 65_536)
        #expect(network.address(at: 2) == IPv4Address(172, 17, 0, 2))
        #expect(network.address(at: 65_535) == IPv4Address(172, 17, 255, 255))
        #expect(network.address(at: 65_536) == nil)
        #expect(network.description == "172.17.0.0/16")
    }

    @Test func edgePrefixes() throws {
        let all = try IPv4Network(parsing: "0.0.0.0/0")
        #expect(all == IPv4Network.all)
        #expect(all.netmask == .any)
        #expect(all.broadcastAddress == IPv4Address(255, 255, 255, 255))
        #expect(all.addressCount == 1 << 32)
        #expect(all.contains(IPv4Address(8, 8, 8, 8)))

        let host = try IPv4Network(parsing: "10.213.0.7/32")
        #expect(host.netmask == IPv4Address(255, 255, 255, 255))
        #expect(host.firstHost == IPv4Address(10, 213, 0, 7))
        #expect(host.lastHost == IPv4Address(10, 213, 0, 7))
        #expect(host.addressCount == 1)

        let pointToPoint = try IPv4Network(parsing: "10.213.0.6/31")
        #expect(pointToPoint.firstHost == IPv4Address(10, 213, 0, 6))
        #expect(pointToPoint.lastHost == IPv4Address(10, 213, 0, 7))

        let slash24 = try IPv4Network(parsing: "10.213.0.0/24")
        #expect(slash24.netmask == IPv4Address(255, 255, 255, 0))
        #expect(slash24.broadcastAddress == IPv4Address(10, 213, 0, 255))
        let slash12 = try IPv4Network(parsing: "172.16.0.0/12")
        #expect(slash12.broadcastAddress == IPv4Address(172, 31, 255, 255))
    }

    @Test func refusesHostBitsLikeDocker() {
        let expected = IPv4Network(containing: IPv4Address(172, 18, 0, 0), prefixLength: 16)!
        #expect(throws: AddressParseError.hostBitsSet("172.18.0.1/16", expected: expected)) {
            try IPv4Network(parsing: "172.18.0.1/16")
        }
        #expect(AddressParseError.hostBitsSet("172.18.0.1/16", expected: expected).description
            == "invalid subnet 172.18.0.1/16: it should be 172.18.0.0/16")
    }

    @Test func normalisesWhenAskedForTheContainingNetwork() {
        let network = IPv4Network(containing: IPv4Address(172, 18, 3, 4), prefixLength: 16)
        #expect(network?.description == "172.18.0.0/16")
        #expect(IPv4Network(containing: .any, prefixLength: 33) == nil)
        #expect(IPv4Network(containing: .any, prefixLength: -1) == nil)
    }

    @Test(arguments: ["172.17.0.0", "172.17.0.0/", "/16", "172.17.0.0/16/1", "172.17.0.0/33", "172.17.0.0/-1",
                      "172.17.0.0/ 16", "172.17.0.0/+16", "172.17.0.0/016", "172.17.0.0/x", "172.17.0/16",
                      "300.17.0.0/16", ""])
    func rejectsMalformedCIDR(_ text: String) {
        #expect(throws: AddressParseError.self) { try IPv4Network(parsing: text) }
        #expect(IPv4Network(text) == nil)
    }

    @Test func namesTheFaultyPart() {
        #expect(throws: AddressParseError.invalidCIDR("172.17.0.0")) { try IPv4Network(parsing: "172.17.0.0") }
        #expect(throws: AddressParseError.invalidPrefixLength("172.17.0.0/33")) {
            try IPv4Network(parsing: "172.17.0.0/33")
        }
        #expect(throws: AddressParseError.invalidIPv4Address("172.17.0")) { try IPv4Network(parsing: "172.17.0/16") }
    }

    @Test func containsAndOverlaps() throws {
        let wide = try IPv4Network(parsing: "172.16.0.0/12")
        let docker = try IPv4Network(parsing: "172.17.0.0/16")
        let other = try IPv4Network(parsing: "172.32.0.0/16")
        #expect(docker.contains(IPv4Address(172, 17, 200, 1)))
        #expect(!docker.contains(IPv4Address(172, 18, 0, 0)))
        #expect(!docker.contains(IPv4Address(172, 16, 255, 255)))
        #expect(wide.contains(docker))
        #expect(!docker.contains(wide))
        #expect(wide.overlaps(docker) && docker.overlaps(wide))
        #expect(!wide.overlaps(other) && !other.overlaps(wide))
        #expect(!docker.overlaps(try IPv4Network(parsing: "172.18.0.0/16")))
        #expect(IPv4Network.all.overlaps(docker))
    }

    @Test func nextNetworkOfTheSameSize() throws {
        #expect(try IPv4Network(parsing: "172.17.0.0/16").next == IPv4Network("172.18.0.0/16"))
        #expect(try IPv4Network(parsing: "10.213.0.0/24").next == IPv4Network("10.213.1.0/24"))
        #expect(try IPv4Network(parsing: "255.255.0.0/16").next == nil)
    }

    @Test func codableAsStrings() throws {
        struct Config: Codable, Equatable {
            var subnet: IPv4Network
            var gateway: IPv4Address
        }
        let config = Config(subnet: try IPv4Network(parsing: "172.17.0.0/16"), gateway: IPv4Address(172, 17, 0, 1))
        let json = try JSONEncoder().encode(config)
        #expect(String(decoding: json, as: UTF8.self) == #"{"subnet":"172.17.0.0\/16","gateway":"172.17.0.1"}"#
            || String(decoding: json, as: UTF8.self) == #"{"gateway":"172.17.0.1","subnet":"172.17.0.0\/16"}"#)
        #expect(try JSONDecoder().decode(Config.self, from: json) == config)

        let bad = Data(#"{"subnet":"172.17.0.1/16","gateway":"172.17.0.1"}"#.utf8)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(Config.self, from: bad) }
        let badAddress = Data(#"{"subnet":"172.17.0.0/16","gateway":"172.17.0.256"}"#.utf8)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(Config.self, from: badAddress) }
    }

    @Test func hashableByValue() throws {
        let set: Set<IPv4Network> = [try IPv4Network(parsing: "10.0.0.0/8"), IPv4Network(containing: IPv4Address(10, 1, 2, 3), prefixLength: 8)!]
        #expect(set.count == 1)
    }
}
