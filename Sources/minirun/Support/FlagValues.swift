import ArgumentParser
import Runtime

/// Docker's boolean flags take a value as Go's pflag lets them (`--rm=true`, `-d=false`, `ps
/// -a=1`); ArgumentParser's flags take none. When it refuses such a value, the argument it named is
/// rewritten - the flag alone for true, nothing for false (every flag is off unless given) - and the
/// command parsed again. Only the refused argument changes: one after the image, the command's own,
/// is never read as a flag, so it is never refused.
enum FlagValues {
    static func parse(_ arguments: [String]) throws -> any ParsableCommand {
        var arguments = arguments
        while true {
            do {
                return try MiniRun.parseAsRoot(arguments)
            } catch {
                guard let (flag, value) = refusedValue(MiniRun.message(for: error)), let truth = GoBool.parse(value),
                      let index = arguments.firstIndex(of: flag + "=" + value)
                else { throw error }
                if truth { arguments[index] = flag } else { arguments.remove(at: index) }
            }
        }
    }

    /// The flag and value of ArgumentParser's "The option '--rm' does not take any value, but 'true'
    /// was specified."
    static func refusedValue(_ message: String) -> (flag: String, value: String)? {
        let parts = message.split(separator: "'", omittingEmptySubsequences: false)
        guard parts.count == 5, parts[0] == "The option ", parts[2] == " does not take any value, but ",
              parts[4].hasPrefix(" was specified") else { return nil }
        return (String(parts[1]), String(parts[3]))
    }
}
