import Testing
import Netns

@Suite struct IPv4AddressTests {
    @Test func parsesDottedDecimal() throws {
        let address = try IPv4Address(parsing: "172.17.0.2")
        #expect(address.value == 0xAC11_0002)
        #expect(address.networkBytes == [172, 17, 0, 2])
        #expect(address.description == "172.17.0.2")
        #expect(IPv4Address(172, 17, 0, 2) == address)
        #expect(try IPv4Address(parsing: "0.0.0.0") == .any)
        #expect(try IPv4Address(parsing: "255.255.255.255").value == UInt32.max)
    }

    @Test(arguments: [
        "", "1.2.3", "1.2.3.4.5", "256.0.0.1", "1.2.3.-4", "1..2.3", "01.2.3.4", "1.2.3.4 ", " 1.2.3.4",
        "a.b.c.d", "1.2.3.4/8", "+1.2.3.4", "1.2.3.0x4", "1.2.3.1000", "١.2.3.4",
    ])
    func rejectsInvalidText(_ text: String) {
        #expect(throws: AddressParseError.invalidIPv4Address(text)) { try IPv4Address(parsing: text) }
        #expect(IPv4Address(text) == nil)
    }

    @Test func errorMessageQuotesTheInput() {
        #expect(AddressParseError.invalidIPv4Address("300.1.1.1").description == "invalid IPv4 address \"300.1.1.1\"")
    }

    @Test func readsNetworkOrderBytes() {
        #expect(IPv4Address(networkBytes: [10, 213, 0, 1]) == IPv4Address(10, 213, 0, 1))
        #expect(IPv4Address(networkBytes: [10, 213, 0]) == nil)
        #expect(IPv4Address(networkBytes: [10, 213, 0, 1, 0]) == nil)
    }

    @Test func addsOffsetsAcrossByteBoundaries() {
        let address = IPv4Address(172, 17, 0, 255)
        #expect(address.adding(1) == IPv4Address(172, 17, 1, 0))
        #expect(address.adding(-255) == IPv4Address(172, 17, 0, 0))
        #expect(address.adding(65_536) == IPv4Address(172, 18, 0, 255))
        #expect(IPv4Address(255, 255, 255, 255).adding(1) == nil)
        #expect(IPv4Address.any.adding(-1) == nil)
        #expect(IPv4Address(10, 0, 0, 1).distance(to: IPv4Address(10, 0, 1, 0)) == 255)
        #expect(IPv4Address(10, 0, 1, 0).distance(to: IPv4Address(10, 0, 0, 1)) == -255)
    }

    @Test func ordersNumerically() {
        #expect(IPv4Address(9, 255, 255, 255) < IPv4Address(10, 0, 0, 0))
        #expect(!(IPv4Address(10, 0, 0, 2) < IPv4Address(10, 0, 0, 2)))
    }
}
