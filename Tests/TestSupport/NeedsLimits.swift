import Testing

extension Trait where Self == ConditionTrait {
    /// Skips the test, with the reason the run prints, unless containers beneath the test process can
    /// be limited by each of `controllers`.
    public static func needsLimits(by controllers: String...) -> Self {
        let reason = MachineCgroups.whyNoLimits(by: controllers)
        return .disabled(if: reason != nil, Comment(rawValue: reason ?? ""))
    }
}
