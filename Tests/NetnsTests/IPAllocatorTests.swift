import Netns
import Testing

struct IPAllocatorTests {
    let network = try! IPv4Network(parsing: "172.17.0.0/16")
    let gateway = try! IPv4Address(parsing: "172.17.0.1")

    func address(_ text: String) -> IPv4Address { try! IPv4Address(parsing: text) }

    @Test func firstContainerGetsDotTwoThenTheLowestFree() throws {
        #expect(try IPAllocator.allocate(in: network, gateway: gateway, used: []) == address("172.17.0.2"))
        #expect(try IPAllocator.allocate(in: network, gateway: gateway, used: [address("172.17.0.2")]) == address("172.17.0.3"))
        let used: Set = [address("172.17.0.2"), address("172.17.0.4")]
        #expect(try IPAllocator.allocate(in: network, gateway: gateway, used: used) == address("172.17.0.3"), "a released address is reused")
    }

    @Test func networkGatewayAndBroadcastAreNeverLeased() throws {
        let small = try IPv4Network(parsing: "10.9.9.0/29")  // .0 network, .7 broadcast
        let gateway = address("10.9.9.3")
        var used: Set<IPv4Address> = []
        while let next = try? IPAllocator.allocate(in: small, gateway: gateway, used: used) { used.insert(next) }
        #expect(used == [address("10.9.9.1"), address("10.9.9.2"), address("10.9.9.4"), address("10.9.9.5"), address("10.9.9.6")])
        #expect(throws: IPAllocator.Failure.exhausted(small)) { try IPAllocator.allocate(in: small, gateway: gateway, used: used) }
    }

    @Test func requestedAddressesAreChecked() throws {
        #expect(try IPAllocator.allocate(in: network, gateway: gateway, used: [], requested: address("172.17.9.9")) == address("172.17.9.9"))
        #expect(throws: IPAllocator.Failure.outside(address("10.0.0.1"), network)) {
            try IPAllocator.allocate(in: network, gateway: gateway, used: [], requested: address("10.0.0.1"))
        }
        for reserved in ["172.17.0.0", "172.17.0.1", "172.17.255.255"] {
            #expect(throws: IPAllocator.Failure.reserved(address(reserved))) {
                try IPAllocator.allocate(in: network, gateway: gateway, used: [], requested: address(reserved))
            }
        }
        #expect(throws: IPAllocator.Failure.taken(address("172.17.0.5"))) {
            try IPAllocator.allocate(in: network, gateway: gateway, used: [address("172.17.0.5")], requested: address("172.17.0.5"))
        }
    }
}

struct SubnetChooserTests {
    func net(_ text: String) -> IPv4Network { try! IPv4Network(parsing: text) }

    @Test func defaultBridgeTakes172_17UnlessItIsInUse() {
        #expect(SubnetChooser.first(of: SubnetChooser.defaultBridgeCandidates, avoiding: []) == net("172.17.0.0/16"))
        #expect(SubnetChooser.first(of: SubnetChooser.defaultBridgeCandidates, avoiding: [net("172.17.0.0/16")]) == net("172.18.0.0/16"))
        // A narrower route inside a candidate (a docker network, a VPN) also rules it out.
        #expect(SubnetChooser.first(of: SubnetChooser.defaultBridgeCandidates, avoiding: [net("172.17.5.0/24"), net("172.18.0.0/15")]) == net("172.20.0.0/16"))
    }

    @Test func userNetworksStartAt172_18AndFallBackTo192_168() {
        #expect(SubnetChooser.first(of: SubnetChooser.userNetworkCandidates, avoiding: []) == net("172.18.0.0/16"))
        let all172 = [net("172.16.0.0/12")]
        #expect(SubnetChooser.first(of: SubnetChooser.userNetworkCandidates, avoiding: all172) == net("192.168.0.0/20"))
        #expect(SubnetChooser.first(of: SubnetChooser.userNetworkCandidates, avoiding: all172 + [net("192.168.0.0/16")]) == nil)
    }
}

/// `--ip-range`: dynamic addresses from the range only, its first address included, as Docker's.
struct IPRangeAllocationTests {
    let network = try! IPv4Network(parsing: "10.40.0.0/16")
    let gateway = try! IPv4Address(parsing: "10.40.0.1")
    let range = try! IPv4Network(parsing: "10.40.5.0/30")

    func address(_ text: String) -> IPv4Address { try! IPv4Address(parsing: text) }

    @Test func addressesComeFromTheRangeInOrder() throws {
        var used: Set<IPv4Address> = []
        while let next = try? IPAllocator.allocate(in: network, gateway: gateway, used: used, range: range) { used.insert(next) }
        #expect(used == [address("10.40.5.0"), address("10.40.5.1"), address("10.40.5.2"), address("10.40.5.3")])
        #expect(throws: IPAllocator.Failure.exhausted(range)) { try IPAllocator.allocate(in: network, gateway: gateway, used: used, range: range) }
    }

    @Test func theSubnetsReservedAddressesStayReservedInARange() throws {
        let atStart = try IPv4Network(parsing: "10.40.0.0/30")  // the subnet's network address and the gateway
        #expect(try IPAllocator.allocate(in: network, gateway: gateway, used: [], range: atStart) == address("10.40.0.2"))
        let atEnd = try IPv4Network(parsing: "10.40.255.254/31")  // the subnet's broadcast address last
        var used: Set<IPv4Address> = []
        while let next = try? IPAllocator.allocate(in: network, gateway: gateway, used: used, range: atEnd) { used.insert(next) }
        #expect(used == [address("10.40.255.254")])
    }

    @Test func aRequestedAddressMayLieOutsideTheRange() throws {
        #expect(try IPAllocator.allocate(in: network, gateway: gateway, used: [], requested: address("10.40.9.9"), range: range)
            == address("10.40.9.9"))
    }
}
