extension Signals {
    /// A STOPSIGNAL or --stop-signal: a signal `number` knows, else bad input.
    public static func validateStopSignal(_ text: String) throws {
        guard (try? number(text)) != nil else {
            throw RuntimeError(.invalidArgument, "invalid signal: \(Identifiers.printable(text))")
        }
    }
}
