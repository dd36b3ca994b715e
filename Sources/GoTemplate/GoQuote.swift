/// Go's strconv.Quote and QuoteRune, for printf's %q: printable characters stay, the rest become
/// escapes (\n, \x01, \u00a0, \U0001f600).
public enum GoQuote {
    public static func quote(_ text: String, delimiter: Unicode.Scalar = "\"") -> String {
        var out = String(delimiter)
        for scalar in text.unicodeScalars {
            if scalar == delimiter || scalar == "\\" {
                out += "\\" + String(scalar)
            } else if isPrintable(scalar) {
                out.unicodeScalars.append(scalar)
            } else {
                out += escape(scalar)
            }
        }
        out.unicodeScalars.append(delimiter)
        return out
    }

    /// Go's unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space.
    private static func isPrintable(_ scalar: Unicode.Scalar) -> Bool {
        if scalar == " " { return true }
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
             .nonspacingMark, .spacingMark, .enclosingMark,
             .decimalNumber, .letterNumber, .otherNumber,
             .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
             .initialPunctuation, .finalPunctuation, .otherPunctuation,
             .mathSymbol, .currencySymbol, .modifierSymbol, .otherSymbol:
            return true
        default:
            return false
        }
    }

    private static func escape(_ scalar: Unicode.Scalar) -> String {
        switch scalar {
        case "\u{7}": return "\\a"
        case "\u{8}": return "\\b"
        case "\u{C}": return "\\f"
        case "\n": return "\\n"
        case "\r": return "\\r"
        case "\t": return "\\t"
        case "\u{B}": return "\\v"
        default:
            let value = scalar.value
            if value < 0x20 || value == 0x7F { return "\\x" + hex(value, 2) }
            return value < 0x10000 ? "\\u" + hex(value, 4) : "\\U" + hex(value, 8)
        }
    }

    private static func hex(_ value: UInt32, _ width: Int) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
