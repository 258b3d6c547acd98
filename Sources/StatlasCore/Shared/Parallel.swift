import Foundation

/// Pure work on the parts of a large input, done on every core with the results kept in input order.
public enum Parallel {
    /// The input in as many parts as there are cores, each of at least `minimum` items (one part when it is small).
    public static func parts<T>(_ items: ArraySlice<T>, minimum: Int = 2_000) -> [ArraySlice<T>] {
        let count = max(1, min(ProcessInfo.processInfo.activeProcessorCount, items.count / max(1, minimum)))
        let size = (items.count + count - 1) / count
        guard size > 0 else { return [items] }
        return stride(from: items.startIndex, to: items.endIndex, by: size).map {
            items[$0..<min($0 + size, items.endIndex)]
        }
    }

    /// `transform` applied to each part at once (blocking the caller's thread), the results in the parts' order.
    public static func map<T: Sendable, U: Sendable>(
        _ parts: [ArraySlice<T>], _ transform: @Sendable (ArraySlice<T>) -> U
    ) -> [U] {
        guard parts.count > 1 else { return parts.map(transform) }
        let results = Results<U>(count: parts.count)
        DispatchQueue.concurrentPerform(iterations: parts.count) { index in
            results.set(index, transform(parts[index]))
        }
        return results.values
    }

    /// Slots filled from several threads, each slot by one thread only.
    private final class Results<U>: @unchecked Sendable {
        private var slots: [U?]
        private let lock = NSLock()
        init(count: Int) { slots = Array(repeating: nil, count: count) }
        func set(_ index: Int, _ value: U) { lock.withLock { slots[index] = value } }
        var values: [U] { lock.withLock { slots.compactMap { $0 } } }
    }
}
