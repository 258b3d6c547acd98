import Foundation
import SQLKit
import StatlasCore
import StatlasStorage
import StatlasTestSupport
import Testing

/// What makes a page cost what it shows: analytics computed once per register version and shared through the
/// database, ego networks read through the link tables, keyset pages and counted totals that follow changes.
@Suite("Scale: cost follows the answer (SQLite and PostgreSQL)")
struct ScaleTests {
    /// A small network: a–b–c collaborate in a chain, d organises an activity with c, e belongs to network n.
    static func seed(_ repo: SQLRecordRepository) async throws {
        for (id, kind) in [("a", OrganisationKind.publicBody), ("b", .academia), ("c", .thirdSector), ("d", .academia)]
        {
            _ = try await repo.create(Build.organisation(id, kind: kind))
        }
        _ = try await repo.create(Build.organisation("n", kind: .network))
        var e = Build.organisation("e")
        e.memberships = [Membership(networkId: "n")]
        _ = try await repo.create(e)
        for (id, members) in [("ab", ["a", "b"]), ("bc", ["b", "c"]), ("abc", ["a", "b", "c"])] {
            var c = Collaboration()
            (c.id, c.title, c.kind) = (id, "Collaboration \(id)", .dataSharing)
            c.participants = members.map { Participant(organisationId: $0, role: .partner) }
            _ = try await repo.create(c)
        }
        _ = try await repo.create(Build.activity("cd", organisers: ["c", "d"], start: "2025-01-01"))
    }

    @Test(
        "An ego network read through the link tables has exactly the ties of the whole network among its members",
        arguments: TestDatabase.engines)
    func egoNetworkMatchesTheWholeNetwork(engine: Engine) async throws {
        try await TestDatabase.withStorage(engine) { storage in
            let repo = storage.records
            try await Self.seed(repo)
            let whole = try await NetworkService(repository: repo).network(NetworkFilter())
            for id in ["a", "b", "c", "d", "e", "n"] {
                let organisation = try await repo.get(Organisation.self, id: id)
                let ego = try await EgoNetworkService(repository: repo).network(of: organisation)
                let members = Set(ego.organisations.map(\.id))
                let expected = whole.edges.filter { members.contains($0.source) && members.contains($0.target) }
                #expect(ego.edges == expected, "\(id)")
                let partners = Set(
                    whole.edges.filter { $0.source == id || $0.target == id }.flatMap { [$0.source, $0.target] })
                #expect(members == partners, "\(id)")
            }
            let b = try await EgoNetworkService(repository: repo).network(
                of: try await repo.get(Organisation.self, id: "b"))
            #expect(b.ties(of: "b").map(\.weight).sorted() == [2, 2] && b.edges.count == 3)
        }
    }

    @Test(
        "Analytics are computed once per register version, shared through the database, and served stale while recomputed",
        arguments: TestDatabase.engines)
    func analyticsCache(engine: Engine) async throws {
        try await Self.withTwoInstances(engine) { first, second in try await Self.analyticsCache(first, second) }
    }

    @Test(
        "A large result another instance stored is decoded in the background, the older figures served meanwhile",
        arguments: TestDatabase.engines)
    func largeResultsDecodeInTheBackground(engine: Engine) async throws {
        try await Self.withTwoInstances(engine) { first, second in
            let runs = Counter()
            // Over a megabyte of JSON: the organisations' ids, then padding.
            @Sendable func compute(_ storage: StorageService) -> @Sendable () async throws -> [String] {
                {
                    await runs.add()
                    let ids = try await storage.records.index(.organisation, limit: 100).map(\.value)
                    return ids + Array(repeating: String(repeating: "x", count: 40), count: 30_000)
                }
            }
            _ = try await first.records.create(Build.organisation("a"))
            _ = try await first.analytics.value("big", as: [String].self, compute: compute(first))
            let older = try await second.analytics.value("big", as: [String].self, compute: compute(second))
            #expect(older.value.first == "a" && older.current)
            _ = try await first.records.create(Build.organisation("b"))
            #expect(try await first.analytics.refreshStale() == ["big"])
            await first.analytics.settle()
            let computed = await runs.value
            #expect(computed == 2)
            // The second instance finds the newer result stored: it serves the older figures at once.
            let meanwhile = try await second.analytics.value("big", as: [String].self, compute: compute(second))
            #expect(meanwhile.value.prefix(2) == ["a", String(repeating: "x", count: 40)] && !meanwhile.current)
            await second.analytics.settle()
            let decoded = try await second.analytics.value("big", as: [String].self, compute: compute(second))
            let finally = await runs.value
            #expect(decoded.value.prefix(2) == ["a", "b"] && decoded.current && finally == 2)
        }
    }

    /// Two instances serving one fresh database, as two app servers would.
    static func withTwoInstances(
        _ engine: Engine, _ body: (StorageService, StorageService) async throws -> Void
    ) async throws {
        let (configuration, cleanup) = try await TestDatabase.fresh(engine)
        // Every path closes what it opened: a connection left open traps in SQLiteNIO's deinit and takes the
        // whole test process down with it.
        var opened: [StorageService] = []
        var failure: (any Error)? = nil
        do {
            opened.append(try await TestDatabase.open(configuration))
            opened.append(try await TestDatabase.open(configuration))
            try await body(opened[0], opened[1])
        } catch { failure = error }
        for storage in opened {
            await storage.analytics.settle()
            await storage.shutdown()
        }
        await cleanup()
        if let failure { throw failure }
    }

    static func analyticsCache(_ first: StorageService, _ second: StorageService) async throws {
        let runs = Counter()
        @Sendable func compute(_ storage: StorageService) -> @Sendable () async throws -> [String] {
            {
                await runs.add()
                return try await storage.records.index(.organisation, limit: 100).map(\.value)
            }
        }
        _ = try await first.records.create(Build.organisation("a"))
        let one = try await first.analytics.value("ids", as: [String].self, compute: compute(first))
        let firstRuns = await runs.value
        #expect(one.value == ["a"] && one.current && firstRuns == 1)
        // Another instance finds it in the database: nothing is computed again.
        let shared = try await second.analytics.value("ids", as: [String].self, compute: compute(second))
        let sharedRuns = await runs.value
        #expect(shared.value == ["a"] && shared.current && sharedRuns == 1)
        // After a change: the old figures at once, saying so, while one computation runs in the background.
        _ = try await first.records.create(Build.organisation("b"))
        let stale = try await second.analytics.value("ids", as: [String].self, compute: compute(second))
        #expect(stale.value == ["a"] && !stale.current && stale.freshness.contains("being recomputed"))
        await second.analytics.settle()
        let afterChange = await runs.value
        #expect(afterChange == 2)
        let fresh = try await first.analytics.value("ids", as: [String].self, compute: compute(first))
        let freshRuns = await runs.value
        #expect(fresh.value == ["a", "b"] && fresh.current && freshRuns == 2)
        // The background refresher recomputes keys asked for once the register changes again.
        _ = try await first.records.create(Build.organisation("c"))
        #expect(try await first.analytics.refreshStale() == ["ids"])
        await first.analytics.settle()
        #expect(
            try await second.analytics.value("ids", as: [String].self, compute: compute(second)).value == [
                "a", "b", "c",
            ])
        // The instance that computed it decoded the new result before finishing: with the stored copy gone, it
        // still answers from memory, current, without computing or decoding again.
        let beforeDrop = await runs.value
        try await first.database.withConnection { db in try await db.raw("DELETE FROM analytics_results").run() }
        let remembered = try await first.analytics.value("ids", as: [String].self, compute: compute(first))
        let afterDrop = await runs.value
        #expect(remembered.value == ["a", "b", "c"] && remembered.current && afterDrop == beforeDrop)
    }

    @Test(
        "Long lists of a result are stored as rows beside it: read a window at a time, by every instance, at the version of the result served",
        arguments: TestDatabase.engines)
    func analyticsRows(engine: Engine) async throws {
        try await Self.withTwoInstances(engine) { first, second in try await Self.analyticsRows(first, second) }
    }

    @Test(
        "A result whose computation began before a write is not called current when a request after the write waits for it",
        arguments: TestDatabase.engines)
    func resultsBeganBeforeAWriteAreNotCurrent(engine: Engine) async throws {
        try await TestDatabase.withStorage(engine) { storage in
            let (started, began) = AsyncStream.makeStream(of: Void.self)
            let (released, release) = AsyncStream.makeStream(of: Void.self)
            let compute: @Sendable () async throws -> Int = {
                began.yield()
                for await _ in released { break }
                return try await storage.records.index(.organisation, limit: 1000).count
            }
            // The first request for the key waits for its computation, which starts at this version.
            let first = Task { try await storage.analytics.value("gated", as: Int.self, compute: compute) }
            for await _ in started { break }
            _ = try await storage.records.create(Build.organisation("written-meanwhile"))
            // A request after the write finds the computation under way and waits for it too.
            let second = Task { try await storage.analytics.value("gated", as: Int.self, compute: compute) }
            try await Task.sleep(for: .milliseconds(200))
            release.finish()
            let answers = [try await first.value, try await second.value]
            #expect(answers.allSatisfy { !$0.current }, "figures from before the write were called current")
            // The next request is answered from them, saying so, while they are worked out again.
            let meanwhile = try await storage.analytics.value("gated", as: Int.self, compute: compute)
            #expect(!meanwhile.current)
            await storage.analytics.settle()
            let renewed = try await storage.analytics.value("gated", as: Int.self, compute: compute)
            #expect(renewed.current && renewed.value == 1)
        }
    }

    @Test(
        "Instances that refresh together compute a result once per version: one claims it, the other waits for its result",
        arguments: TestDatabase.engines)
    func analyticsClaims(engine: Engine) async throws {
        try await Self.withTwoInstances(engine) { first, second in try await Self.analyticsClaims(first, second) }
    }

    @Test(
        "Search hits and searched pages are remembered per version of the register: a change made by another instance shows at once",
        arguments: TestDatabase.engines)
    func searchesPerVersion(engine: Engine) async throws {
        try await Self.withTwoInstances(engine) { first, second in
            _ = try await first.records.create(Build.organisation("ons"))
            for n in 0..<30 {
                _ = try await first.records.create(
                    Build.dataset("d\(n)", producers: ["ons"], title: "Population estimates \(n)"))
            }
            @Sendable func listed(_ parameters: [String: String]) async throws -> (ids: [String], total: Int) {
                let page = try await first.records.list(
                    Dataset.self, try ListQuery.parse(parameters, for: Dataset.self))
                return (page.items.map(\.id), page.total)
            }
            @Sendable func found(_ q: String) async throws -> [String] {
                try await first.records.search(q, kinds: nil, limit: 100).map(\.id)
            }
            let page = ["q": "population", "limit": "10", "sort": "title"]
            let before = try await listed(page)
            #expect(before.total == 30 && before.ids.count == 10)
            #expect(try await listed(page) == before)  // asked again: the same answer
            #expect(try await listed(page.merging(["offset": "10"]) { $1 }).ids.count == 10)
            #expect(try await found("population").count == 30)

            // Another instance adds a match that sorts first, renames one and deletes another.
            _ = try await second.records.create(
                Build.dataset("a-first", producers: ["ons"], title: "A population census"))
            let renamed = try await second.records.get(Dataset.self, id: "d1")
            var changed = renamed
            changed.title = "Household income"
            _ = try await second.records.update(changed, expectedVersion: renamed.version)
            try await second.records.delete(Dataset.self, id: "d2", expectedVersion: nil)

            let after = try await listed(page)
            #expect(after.total == 29 && after.ids.first == "a-first")
            #expect(!after.ids.contains("d1") && !after.ids.contains("d2"))
            let hits = try await found("population")
            #expect(hits.count == 29 && hits.contains("a-first") && !hits.contains("d1") && !hits.contains("d2"))
            #expect(try await found("household") == ["d1"])
            let ranked = try await listed(["q": "population census", "limit": "5"])
            #expect(ranked.ids == ["a-first"] && ranked.total == 1)
            // Ranked with nothing else asked, a list reads the search index alone; filtered, it joins the records:
            // the same rows, totals and order either way, deletions and renames included.
            let alone = try await listed(["q": "population", "limit": "50"])
            let joined = try await listed(["q": "population", "limit": "50", "producer": "ons"])
            #expect(alone.total == 29 && alone.ids.count == 29 && alone == joined)
            #expect(!alone.ids.contains("d1") && !alone.ids.contains("d2"))
        }
    }

    @Test(
        "Claims taken while records are written never stall the writers (a claim is a write, and queues with them)",
        arguments: TestDatabase.engines)
    func claimsDuringWrites(engine: Engine) async throws {
        try await Self.withTwoInstances(engine) { first, _ in
            let store = SQLAnalyticsStore(database: first.database)
            // Enough at once to hold SQLite's threads; on PostgreSQL (a connection each, no such threads) fewer,
            // so that the pool is not what is measured while the whole suite runs.
            let count = engine == .sqlite ? 24 : 8
            try await withThrowingTaskGroup(of: Void.self) { group in
                for n in 0..<count {
                    group.addTask { _ = try await first.records.create(Build.organisation("w\(n)")) }
                    group.addTask {
                        #expect(try await store.claimAnalysis("k\(n)", version: "v", lease: 60))
                        try await store.releaseAnalysis("k\(n)", version: "v")
                    }
                }
                try await group.waitForAll()
            }
            // Outside the write path, a claim waits in SQLite's busy handler while holding one of its threads,
            // and the writer holding the lock waits for a thread: the claims and writes then fail as busy.
            #expect(try await first.records.index(.organisation, limit: 100).count == count)
        }
    }

    static func analyticsClaims(_ first: StorageService, _ second: StorageService) async throws {
        let runs = Counter()
        @Sendable func compute(_ storage: StorageService) -> @Sendable () async throws -> [String] {
            {
                await runs.add()
                try await Task.sleep(for: .milliseconds(400))  // long enough for both instances to start
                return try await storage.records.index(.organisation, limit: 100).map(\.value)
            }
        }
        _ = try await first.records.create(Build.organisation("a"))
        _ = try await first.analytics.value("ids", as: [String].self, compute: compute(first))
        _ = try await second.analytics.value("ids", as: [String].self, compute: compute(second))
        #expect(await runs.value == 1)
        _ = try await first.records.create(Build.organisation("b"))
        async let one = first.analytics.refreshStale()
        async let two = second.analytics.refreshStale()
        let started = try await (one, two)
        #expect(started.0 == ["ids"] && started.1 == ["ids"])  // both start, and one of them waits
        await first.analytics.settle()
        await second.analytics.settle()
        #expect(await runs.value == 2)
        for instance in [first, second] {
            let fresh = try await instance.analytics.value("ids", as: [String].self, compute: compute(instance))
            #expect(fresh.value == ["a", "b"] && fresh.current)
        }
        #expect(await runs.value == 2)

        // The claims themselves: one owner per version at a time; released by its owner; lapsed ones taken over.
        let (a, b) = (SQLAnalyticsStore(database: first.database), SQLAnalyticsStore(database: second.database))
        #expect(try await a.claimAnalysis("k", version: "v1", lease: 60))
        #expect(try await !b.claimAnalysis("k", version: "v1", lease: 60))
        #expect(try await a.claimAnalysis("k", version: "v1", lease: 60))  // its own claim, renewed
        #expect(try await b.claimAnalysis("k", version: "v2", lease: 60))  // a newer version
        try await a.releaseAnalysis("k", version: "v1")  // no longer a's: nothing happens
        #expect(try await !a.claimAnalysis("k", version: "v2", lease: 60))
        try await b.releaseAnalysis("k", version: "v2")
        #expect(try await a.claimAnalysis("k", version: "v2", lease: 1))
        try await Task.sleep(for: .milliseconds(2100))  // a's claim lapses, as a crashed instance's would
        #expect(try await b.claimAnalysis("k", version: "v2", lease: 60))

        // A claim is renewed while its computation runs, however long that takes, and lapses once it stops.
        // What is checked is the claim's expiry moving on while the computation runs, and that another instance
        // cannot take a claim just renewed: not wall-clock moments, since under the whole suite on two cores a
        // task (this test's, or the renewal's) may wait seconds for a thread.
        @Sendable func until() async throws -> Int {
            try await first.database.withConnection { db in
                try await db.raw("SELECT until FROM analytics_claims WHERE key = 'long'").first()?.decode(
                    column: "until", as: Int.self) ?? 0
            }
        }
        #expect(try await a.claimAnalysis("long", version: "v", lease: 6))
        let claimed = try await until()
        var seen: [Int] = []
        try await AnalyticsCache.holdingClaim("long", "v", lease: 6, store: a) {
            for _ in 0..<5 {
                try await Task.sleep(for: .milliseconds(2000))
                seen.append(try await until())
            }
        }
        #expect(seen.contains { $0 > claimed }, "the claim was not renewed while the computation ran: \(seen)")
        #expect(try await a.claimAnalysis("long", version: "v", lease: 6))  // renewed by its owner
        #expect(try await !b.claimAnalysis("long", version: "v", lease: 60))  // so not another's to take
        try await Task.sleep(for: .milliseconds(7100))
        #expect(try await b.claimAnalysis("long", version: "v", lease: 60))  // lapsed once no one renews it
    }

    static func analyticsRows(_ first: StorageService, _ second: StorageService) async throws {
        @Sendable func compute(_ storage: StorageService) -> @Sendable () async throws -> Rowed<Int> {
            {
                let ids = try await storage.records.index(.organisation, limit: 1000).map(\.value)
                return Rowed(head: ids.count, lists: ["ids": RowList(ids), "none": RowList([String]())])
            }
        }
        for i in 0..<120 { _ = try await first.records.create(Build.organisation(String(format: "o%03d", i))) }
        let one = try await first.analytics.value("orgs", as: Int.self, rows: compute(first))
        #expect(one.value == 120 && one.current)
        let window = try await first.analytics.rows("ids", of: "orgs", one, range: 100..<130, as: String.self)
        #expect(window == (100..<120).map { String(format: "o%03d", $0) })
        #expect(try await first.analytics.rows("none", of: "orgs", one, range: 0..<10, as: String.self).isEmpty)
        #expect(try await first.analytics.rows("ids", of: "orgs", one, range: 0..<0, as: String.self).isEmpty)
        // The other instance reads the same rows from the database.
        let shared = try await second.analytics.value("orgs", as: Int.self, rows: compute(second))
        #expect(shared.version == one.version)
        #expect(
            try await second.analytics.rows("ids", of: "orgs", shared, range: 0..<3, as: String.self) == [
                "o000", "o001", "o002",
            ])
        // After a change the old head is served while the new one is computed; its rows stay readable after the
        // new result is saved, and the new result's rows follow the register.
        _ = try await first.records.create(Build.organisation("a-first"))
        let stale = try await second.analytics.value("orgs", as: Int.self, rows: compute(second))
        #expect(stale.value == 120 && !stale.current)
        await second.analytics.settle()
        #expect(try await second.analytics.rows("ids", of: "orgs", stale, range: 0..<1, as: String.self) == ["o000"])
        let fresh = try await first.analytics.value("orgs", as: Int.self, rows: compute(first))
        #expect(fresh.value == 121 && fresh.current && fresh.version != stale.version)
        #expect(try await first.analytics.rows("ids", of: "orgs", fresh, range: 0..<1, as: String.self) == ["a-first"])
        // A third version removes the first one's rows.
        _ = try await first.records.create(Build.organisation("b-second"))
        _ = try await first.analytics.value("orgs", as: Int.self, rows: compute(first))
        await first.analytics.settle()
        let third = try await first.analytics.value("orgs", as: Int.self, rows: compute(first))
        #expect(third.value == 122 && third.current)
        #expect(try await first.analytics.rows("ids", of: "orgs", one, range: 0..<1, as: String.self).isEmpty)
        #expect(try await first.analytics.rows("ids", of: "orgs", fresh, range: 0..<1, as: String.self) == ["a-first"])
        // Erasing a person drops every stored result and row (they hold records' text from before it).
        try await TrustStorageTests.person(in: first)
        try await first.records.erase(personId: "zq", by: .system)
        #expect(try await first.analytics.rows("ids", of: "orgs", third, range: 0..<1, as: String.self).isEmpty)
        #expect(try await SQLAnalyticsStore(database: first.database).loadAnalysis("orgs") == nil)
    }

    @Test(
        "Computations run one at a time on the analytics thread, not on the pool that answers requests",
        arguments: TestDatabase.engines)
    func computationsRunOnTheAnalyticsThread(engine: Engine) async throws {
        try await TestDatabase.withStorage(engine) { storage in
            let probe = ThreadProbe()
            try await withThrowingTaskGroup(of: Int.self) { group in
                for n in 0..<4 {
                    group.addTask {
                        try await storage.analytics.value("busy-\(n)", as: Int.self) {
                            // Reads the register (suspends on the database), then works without suspending.
                            _ = try await storage.records.list(Organisation.self, ListQuery(limit: 1))
                            return probe.work(n)
                        }.value
                    }
                }
                var results: [Int] = []
                for try await result in group { results.append(result) }
                #expect(results.sorted() == [0, 1, 2, 3])
            }
            let (threads, overlap) = probe.seen
            #expect(threads == ["statlas-analytics"], "computations ran on \(threads)")
            #expect(overlap == 1, "at most one computation works at a time, not \(overlap)")
        }
    }

    @Test(
        "Deep offsets read from remembered anchors give the rows of the whole ordered list, before and after a change",
        arguments: TestDatabase.engines)
    func deepOffsetsFromAnchors(engine: Engine) async throws {
        try await TestDatabase.withStorage(engine) { storage in
            let repo = storage.records
            let kinds: [OrganisationKind] = [.publicBody, .academia, .thirdSector]
            let rows = (0..<2_600).map { i in
                ImportRow(
                    .organisation, id: String(format: "o%04d", i),
                    fields: [
                        "name": .string("Name \(i % 37) \(i % 11)"), "kind": .string(kinds[i % 3].rawValue),
                        "nations": .array([.string("england")]),
                    ], location: "line \(i + 2)")
            }
            _ = try await repo.importRows(rows, kind: .organisation, progress: nil)
            /// Every row of the query in order, read in whole pages from the start.
            func whole(_ query: ListQuery) async throws -> [String] {
                var ids: [String] = []
                var after: String? = nil
                while true {
                    var next = query
                    (next.limit, next.offset, next.after) = (ListQuery.maxLimit, 0, after)
                    let items = try await repo.list(Organisation.self, next).items.map(\.id)
                    ids += items
                    guard items.count == ListQuery.maxLimit else { return ids }
                    after = items.last
                }
            }
            func check(_ label: String) async throws {
                for (sort, descending, filters) in [
                    (ListQuery.Sort.title, false, [String: String]()), (.title, true, [:]), (.updated, true, [:]),
                    (.created, false, ["kind": "academia"]),
                ] {
                    let base = ListQuery(filters: filters, sort: sort, descending: descending, limit: 50)
                    let all = try await whole(base)
                    for offset in [999, 1_000, 1_001, 1_950, 2_050, 2_570, 2_600] where offset <= all.count {
                        var query = base
                        query.offset = offset
                        // Twice: the first finds the anchor, the second starts from it.
                        for _ in 0..<2 {
                            let page = try await repo.list(Organisation.self, query)
                            let expected = Array(all[offset..<min(offset + 50, all.count)])
                            #expect(
                                page.items.map(\.id) == expected && page.total == all.count,
                                "\(label) \(sort) \(descending) \(filters) offset \(offset)")
                        }
                    }
                }
            }
            try await check("imported")
            // A renamed record moves in the order and a deleted one leaves it: anchors of the old version are
            // never used.
            for id in ["o0005", "o1500", "o2222"] {
                var record = try await repo.get(Organisation.self, id: id)
                record.name = "Aardvark \(id)"
                _ = try await repo.update(record, expectedVersion: record.version)
            }
            try await repo.delete(Organisation.self, id: "o0100", expectedVersion: nil)
            try await check("changed")
        }
    }

    @Test(
        "Keyset pages (after=) give the same rows as offsets; totals follow every change",
        arguments: TestDatabase.engines)
    func keysetPagesAndTotals(engine: Engine) async throws {
        try await TestDatabase.withStorage(engine) { storage in
            let repo = storage.records
            for i in 0..<23 {
                _ = try await repo.create(Build.organisation(String(format: "o%02d", i), "Name \(i % 7)"))
            }
            for sort in [ListQuery.Sort.title, .created, .updated] {
                for descending in [false, true] {
                    var byOffset: [String] = []
                    var byKeyset: [String] = []
                    var after: String? = nil
                    for page in 0..<5 {
                        byOffset += try await repo.list(
                            Organisation.self,
                            ListQuery(sort: sort, descending: descending, limit: 5, offset: page * 5)
                        ).items.map(\.id)
                        var query = ListQuery(sort: sort, descending: descending, limit: 5)
                        query.after = after
                        let items = try await repo.list(Organisation.self, query).items.map(\.id)
                        byKeyset += items
                        after = items.last
                    }
                    #expect(byKeyset == byOffset && byOffset.count == 23, "\(sort) \(descending)")
                }
            }
            // By start: repeated dates, and undated records last whichever the direction.
            for i in 0..<17 {
                var c = Collaboration()
                (c.id, c.title, c.kind) = (String(format: "c%02d", i), "Collaboration \(i % 4)", .dataSharing)
                c.start = i % 5 == 0 ? nil : CalendarDate(String(format: "202%d-01-01", i % 3))
                c.participants = [Participant(organisationId: "o01", role: .partner)]
                _ = try await repo.create(c)
            }
            for descending in [false, true] {
                let all = try await repo.list(
                    Collaboration.self, ListQuery(sort: .start, descending: descending, limit: 100)
                ).items.map(\.id)
                var byKeyset: [String] = []
                var after: String? = nil
                for _ in 0..<6 {
                    var query = ListQuery(sort: .start, descending: descending, limit: 4)
                    query.after = after
                    let items = try await repo.list(Collaboration.self, query).items.map(\.id)
                    byKeyset += items
                    after = items.last
                }
                #expect(byKeyset == all && all.count == 17, "start \(descending): \(byKeyset) against \(all)")
            }
            var missing = ListQuery()
            missing.after = "nobody"
            await #expect(throws: StatlasError.self) { _ = try await repo.list(Organisation.self, missing) }
            #expect(try await repo.list(Organisation.self, ListQuery(limit: 1)).total == 23)
            try await repo.delete(Organisation.self, id: "o00", expectedVersion: nil)
            #expect(try await repo.list(Organisation.self, ListQuery(limit: 1)).total == 22)
            let encoded = try await repo.listEncoded(Organisation.self, ListQuery(limit: 3))
            let decoded = try await repo.list(Organisation.self, ListQuery(limit: 3))
            #expect(
                try encoded.items.map { try RecordCodec.decoder().decode(Organisation.self, from: Data($0.utf8)) }
                    == decoded.items)
        }
    }

    @Test(
        "Every kind's table has indexes for date order both ways, so a latest-first page reads no whole table",
        arguments: TestDatabase.engines)
    func startOrderIndexes(engine: Engine) async throws {
        try await TestDatabase.withStorage(engine) { storage in
            let sql: SQLQueryString =
                switch engine {
                case .sqlite: "SELECT name FROM sqlite_master WHERE type = 'index'"
                case .postgres: "SELECT indexname AS name FROM pg_indexes WHERE schemaname = current_schema()"
                }
            let names = try await storage.database.withConnection { db in
                Set(try await db.raw(sql).all().map { try $0.decode(column: "name", as: String.self) })
            }
            for kind in RecordKinds.standard.all {
                // Kinds declared after migration 1 (resources, research questions) included.
                #expect(names.contains("\(kind.table)_start_order"), "\(kind.table)")
                #expect(names.contains("\(kind.table)_start_order_desc"), "\(kind.table)")
            }
            guard engine == .sqlite else { return }
            // The latest-first order is read from its index in order: no sort of the table.
            let plan = try await storage.database.withConnection { db in
                try await db.raw(
                    """
                    EXPLAIN QUERY PLAN SELECT t.id FROM activities t ORDER BY
                      CASE WHEN t.start_date IS NULL THEN 1 ELSE 0 END, t.start_date DESC, t.sort_title ASC, t.id ASC
                      LIMIT 50 OFFSET 2000
                    """
                ).all().map { try $0.decode(column: "detail", as: String.self) }
            }
            #expect(plan.contains { $0.contains("activities_start_order_desc") }, "\(plan)")
            #expect(!plan.contains { $0.contains("TEMP B-TREE") }, "\(plan)")
        }
    }
}

/// Counts computations across tasks.
actor Counter {
    private(set) var value = 0
    func add() { value += 1 }
}

/// Records which threads computations work on and how many work at once.
final class ThreadProbe: @unchecked Sendable {
    private let lock = NSLock()
    private var threads: Set<String> = []
    private var working = 0
    private var most = 0

    var seen: (Set<String>, Int) { lock.withLock { (threads, most) } }

    /// About 50 ms of work that never suspends, as an analysis's metrics do; returns `n`.
    func work(_ n: Int) -> Int {
        lock.withLock {
            threads.insert(AnalysisExecutor.shared.isCurrent ? "statlas-analytics" : "another thread")
            working += 1
            most = max(most, working)
        }
        let end = Date().addingTimeInterval(0.05)
        while Date() < end {}
        lock.withLock { working -= 1 }
        return n
    }
}
