import StatlasCore

extension QueryReader {
    /// `disclosure=exact` (the team's figures, the default) or `disclosure=controlled` (as they would be
    /// published): true for controlled; any other value is an error on the parameter.
    mutating func controlled() -> Bool {
        choice("disclosure", among: ["exact", "controlled"], fallback: "exact") == "controlled"
    }
}
