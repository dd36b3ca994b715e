/// Go's strconv.ParseBool, as Docker's CLI reads a boolean flag's or filter's value and its bridge
/// driver reads an option's.
public enum GoBool {
    public static func parse(_ text: String) -> Bool? {
        switch text {
        case "1", "t", "T", "true", "TRUE", "True": true
        case "0", "f", "F", "false", "FALSE", "False": false
        default: nil
        }
    }
}
