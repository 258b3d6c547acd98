import Foundation

/// Limits sign-in attempts per account and per client address (STANDARDS.md S9): at most `limit`
/// attempts in `window`; beyond that the caller answers 429 with `Retry-After`.
actor SignInThrottle {
    struct Limited: Error {
        let retryAfter: Int
    }

    let limit: Int
    let window: TimeInterval
    private var attempts: [String: [Date]] = [:]

    init(limit: Int = 10, window: TimeInterval = 300) {
        self.limit = limit
        self.window = window
    }

    /// Records an attempt for each key; throws `Limited` if any key is over the limit.
    func attempt(keys: [String], now: Date) throws {
        var wait = 0
        for key in keys {
            let recent = (attempts[key] ?? []).filter { now.timeIntervalSince($0) < window }
            if recent.count >= limit, let oldest = recent.first {
                wait = max(wait, Int((window - now.timeIntervalSince(oldest)).rounded(.up)))
            }
            attempts[key] = recent
        }
        if wait > 0 { throw Limited(retryAfter: wait) }
        for key in keys { attempts[key, default: []].append(now) }
        if attempts.count > 100_000 {
            attempts = attempts.filter { !($0.value.last.map { now.timeIntervalSince($0) >= window } ?? true) }
        }
    }

    /// Takes back the attempt made at `now` under each key because it succeeded: successful sign-ins never
    /// count against the limit, but the failures before them still do (a correct password hands out no
    /// fresh guesses, nor does a correct code).
    func forgive(keys: [String], at now: Date) {
        for key in keys {
            guard var list = attempts[key], let index = list.lastIndex(of: now) else { continue }
            list.remove(at: index)
            attempts[key] = list.isEmpty ? nil : list
        }
    }
}
