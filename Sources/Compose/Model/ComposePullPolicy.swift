import Runtime

/// A service's pull_policy (and `up --pull`), as Compose reads it: when `up` pulls the image.
public enum ComposePullPolicy: String, Sendable, Equatable {
    /// Pull before every `up`.
    case always
    /// Never pull: the image must be here.
    case never
    /// Pull when it is not here (Compose's default; if_not_present is its older name).
    case missing
    /// Build the image from the service's build section at every `up`.
    case build

    public init(parsing text: String) throws {
        guard let policy = text == "if_not_present" ? .missing : ComposePullPolicy(rawValue: text) else {
            throw RuntimeError(.invalidArgument, "invalid pull policy \"\(Identifiers.printable(text))\": must be always, never, missing, if_not_present or build")
        }
        self = policy
    }
}
