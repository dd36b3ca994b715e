import Testing
import Netns

@Suite struct MACAddressTests {
    @Test func parsesAndPrints() throws {
        let mac = try MACAddress(parsing: "02:42:AC:11:00:0f")
        #expect(mac.bytes == [0x02, 0x42, 0xAC, 0x11, 0x00, 0x0F])
        #expect(mac.description == "02:42:ac:11:00:0f")
        #expect(mac.isLocallyAdministered)
        #expect(!mac.isMulticast)
    }

    @Test(arguments: ["", "02:42:ac:11:00", "02:42:ac:11:00:02:03", "2:42:ac:11:00:02", "02:42:ac:11:00:0g",
                      "02-42-ac-11-00-02", "02:42:ac:11:00:+2", "02:42:ac:11::02"])
    func rejectsInvalidText(_ text: String) {
        #expect(throws: AddressParseError.invalidMACAddress(text)) { try MACAddress(parsing: text) }
    }

    @Test func randomAddressesAreLocalUnicast() {
        for _ in 0..<64 {
            let mac = MACAddress.randomLocal()
            #expect(mac.isLocallyAdministered)
            #expect(!mac.isMulticast)
        }
    }
}
