import ArgumentParser
import Runtime

extension GoBool {
    /// The flag's value, or pflag's refusal of it.
    static func flag(_ text: String, named flag: String) throws -> Bool {
        guard let value = parse(text) else {
            throw ValidationError("invalid argument \"\(text)\" for \"\(flag)\" flag: strconv.ParseBool: parsing \"\(text)\": invalid syntax")
        }
        return value
    }
}
