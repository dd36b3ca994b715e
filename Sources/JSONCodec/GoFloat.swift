/// Doubles printed as Go prints a float64: `%v` (fmt, and so text/template) and encoding/json.
/// Both start from the shortest decimal digits that read back as the same double, which Swift's
/// `description` already gives; only the layout differs.
public enum GoFloat {
    /// fmt's %v: shortest %g, with an exponent when it is below -4 or at least 6 ("1e+06").
    public static func formatV(_ value: Double) -> String {
        if let special = special(value) { return special }
        let d = digits(value)
        let exponent = d.point - 1
        let body = d.digits.isEmpty || (exponent >= -4 && exponent < 6) ? fixed(d) : scientific(d)
        return (value.sign == .minus ? "-" : "") + body
    }

    /// encoding/json: fixed notation from 1e-6 up to 1e21, else an exponent without leading zeros
    /// ("1e-7", "1e+21"). Only for finite values; JSON has no others.
    public static func formatJSON(_ value: Double) -> String {
        let d = digits(value)
        let magnitude = value.magnitude
        var body = magnitude != 0 && (magnitude < 1e-6 || magnitude >= 1e21) ? scientific(d) : fixed(d)
        if let e = body.lastIndex(of: "e"), body[body.index(after: e)...].hasPrefix("-0") {
            body.remove(at: body.index(e, offsetBy: 2))
        }
        return (value.sign == .minus ? "-" : "") + body
    }

    public static func special(_ value: Double) -> String? {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value < 0 ? "-Inf" : "+Inf" }
        return nil
    }

    /// The shortest digits of |value| without leading or trailing zeros, and the position of the
    /// decimal point: value = 0.d1d2d3... × 10^point (empty digits for zero).
    static func digits(_ value: Double) -> (digits: [UInt8], point: Int) {
        let text = value.magnitude.description
        var mantissa = Substring(text)
        var exponent = 0
        if let e = text.firstIndex(of: "e") {
            mantissa = text[..<e]
            exponent = Int(text[text.index(after: e)...])!
        }
        let parts = mantissa.split(separator: ".", omittingEmptySubsequences: false)
        var digits = Array(parts[0].utf8) + (parts.count > 1 ? Array(parts[1].utf8) : [])
        var point = parts[0].utf8.count + exponent
        while digits.first == UInt8(ascii: "0") {
            digits.removeFirst()
            point -= 1
        }
        while digits.last == UInt8(ascii: "0") { digits.removeLast() }
        return digits.isEmpty ? ([], 0) : (digits, point)
    }

    /// d.ddde±XX, at least two exponent digits.
    private static func scientific(_ d: (digits: [UInt8], point: Int)) -> String {
        var out = String(UnicodeScalar(d.digits[0]))
        if d.digits.count > 1 { out += "." + String(decoding: d.digits[1...], as: UTF8.self) }
        let exponent = d.point - 1
        let magnitude = String(abs(exponent))
        return out + (exponent < 0 ? "e-" : "e+") + (magnitude.count < 2 ? "0" : "") + magnitude
    }

    /// Plain digits with as many decimals as the shortest form needs.
    private static func fixed(_ d: (digits: [UInt8], point: Int)) -> String {
        func digit(_ i: Int) -> Character {
            i >= 0 && i < d.digits.count ? Character(UnicodeScalar(d.digits[i])) : "0"
        }
        var out = d.point > 0 ? String((0..<d.point).map(digit)) : "0"
        if d.digits.count > d.point {
            out += "." + String((d.point..<d.digits.count).map(digit))
        }
        return out
    }
}
