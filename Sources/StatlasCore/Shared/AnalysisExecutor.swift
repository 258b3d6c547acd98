import Foundation

/// The one thread whole-register computations run on, so that they never take the threads that answer
/// requests.
///
/// Swift's shared pool has one thread per core. A computation such as the network's metrics runs for tens of
/// seconds without suspending; two of them on a two-core machine held both of the pool's threads, and every
/// request of that instance waited for one to finish (27 s in the scale benchmark after a change). Computations
/// run here instead, one at a time (`withTaskExecutorPreference`): the pool stays free for requests, whatever is
/// being recomputed, and only one computation's working memory is held at once. A computation suspended on the
/// database lets the next one run meanwhile.
public final class AnalysisExecutor: TaskExecutor, @unchecked Sendable {
    /// The executor every `AnalyticsCache` in the process shares.
    public static let shared = AnalysisExecutor(name: "statlas-analytics")

    private let condition = NSCondition()
    // Guarded by `condition`.
    private var queue: [UnownedJob] = []
    private var thread: pthread_t?

    /// True when called on the analytics thread.
    public var isCurrent: Bool {
        condition.lock()
        defer { condition.unlock() }
        return thread.map { pthread_equal($0, pthread_self()) != 0 } ?? false
    }

    init(name: String) {
        let thread = Thread { [self] in run() }
        thread.name = name
        thread.start()
    }

    public func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        condition.lock()
        queue.append(job)
        condition.signal()
        condition.unlock()
    }

    /// Runs the queued jobs in order, forever (the thread lives as long as the process).
    private func run() {
        condition.lock()
        thread = pthread_self()
        condition.unlock()
        while true {
            condition.lock()
            while queue.isEmpty { condition.wait() }
            let job = queue.removeFirst()
            condition.unlock()
            job.runSynchronously(on: asUnownedTaskExecutor())
        }
    }
}
