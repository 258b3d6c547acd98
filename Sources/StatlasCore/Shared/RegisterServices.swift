import Foundation

/// Whether the register's storage answers, for `/healthz`.
public protocol HealthProbe: Sendable {
    /// The storage engine's name (`sqlite`, `postgres`).
    var engineName: String { get }
    /// True when the storage answers a query now.
    func isReachable() async -> Bool
}

/// Everything the web layer needs from the rest of Statlas, as Core interfaces: the records (with erasure),
/// the accounts, the audit trail, a health probe and the analytics cache. Assembled by the composition root (`statlas serve`, and
/// the tests) from whatever storage it opened.
public struct RegisterServices: Sendable {
    public var records: any RecordRepository & ErasureRepository
    public var accounts: any AccountRepository
    public var audit: any AuditRepository
    public var health: any HealthProbe
    /// Whole-register analytics, computed once per version of the register and shared through the database.
    public var analytics: AnalyticsCache
    /// Confidential research studies and their teams.
    public var studies: any StudyRepository

    public init(
        records: any RecordRepository & ErasureRepository, accounts: any AccountRepository, audit: any AuditRepository,
        health: any HealthProbe, analytics: AnalyticsCache, studies: any StudyRepository
    ) {
        self.studies = studies
        self.analytics = analytics
        self.records = records
        self.accounts = accounts
        self.audit = audit
        self.health = health
    }
}
