import Glibc

/// Docker's confirmation prompt: MESSAGE [y/N], answered by a line on standard input; only "y" (in
/// either case) is a yes, and so is nothing else - an empty or closed standard input is a no.
enum Confirmation {
    static func ask(_ message: String) -> Bool {
        print(message + " [y/N] ", terminator: "")
        fflush(nil)
        guard let answer = readLine(strippingNewline: true) else {
            print()
            return false
        }
        return answer.split(separator: " ", omittingEmptySubsequences: true).map { $0.lowercased() } == ["y"]
    }
}
