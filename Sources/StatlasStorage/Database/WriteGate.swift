/// Lets one SQLite write transaction at a time into the database from this process.
///
/// SQLite allows one writer at a time; the others wait in its busy handler. SQLiteNIO runs every call on a
/// small shared thread pool, so writers waiting there can occupy every thread while the writer holding
/// the lock waits for a thread to run its next statement — a stall until the busy timeout. Queueing
/// writers here, without holding a thread, avoids that; the busy timeout still covers other processes
/// (such as a command-line import while the server runs).
actor WriteGate {
    private var busy = false
    private var waiting: [CheckedContinuation<Void, Never>] = []

    /// Runs `body` once every earlier caller has finished.
    func run<T: Sendable>(_ body: @Sendable () async throws -> T) async throws -> T {
        await acquire()
        defer { release() }
        return try await body()
    }

    private func acquire() async {
        if !busy {
            busy = true
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    private func release() {
        if waiting.isEmpty {
            busy = false
        } else {
            waiting.removeFirst().resume()
        }
    }
}
