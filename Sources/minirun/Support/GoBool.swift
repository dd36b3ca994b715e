import ArgumentParser

/// Go's strconv.ParseBool, as Docker's CLI reads a boolean flag's or filter's value.
enum GoBool {
    static func parse(_ text: String) -> Bool? {
        switch text {
        case "1", "t", "T", "true", "TRUE", "True": true
        case "0", "f", "F", "false", "FALSE", "False": false
        default: nil
        }
    }

    /// The flag's value, or pflag's refusal of it.
    static func flag(_ text: String, named flag: String) throws -> Bool {
        guard let value = parse(text) else {
            throw ValidationError("invalid argument \"\(text)\" for \"\(flag)\" flag: strconv.ParseBool: parsing \"\(text)\": invalid syntax")
        }
        return value
    }
}
