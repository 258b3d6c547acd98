/// Migration 9: who is computing which whole-register result (`analytics_claims`), so that instances sharing
/// one database compute each result once per version of the register rather than once each. A claim names the
/// result's key, the register version being computed, the instance (`owner`, a random token per process) and
/// when it lapses (`until`, Unix seconds), so that a crashed instance's claim does not block the others for long.
enum AnalyticsClaimsSchema {
    static func statements(_ engine: Engine) -> [String] {
        [
            """
            CREATE TABLE analytics_claims (key TEXT PRIMARY KEY, version TEXT NOT NULL, owner TEXT NOT NULL,
              until BIGINT NOT NULL)
            """
        ]
    }
}
