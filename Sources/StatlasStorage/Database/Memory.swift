#if canImport(Glibc)
    import Glibc
#endif

/// The process's memory as the system sees it.
public enum Memory {
    #if canImport(Glibc)
        /// glibc's `malloc_trim`, looked up once (Swift's Glibc module does not include `<malloc.h>`).
        private static let mallocTrim: (@convention(c) (Int) -> Int32)? = {
            guard let symbol = dlsym(nil, "malloc_trim") else { return nil }
            return unsafeBitCast(symbol, to: (@convention(c) (Int) -> Int32).self)
        }()
    #endif

    /// Returns the heap's free pages to the system. A whole-register computation frees hundreds of megabytes
    /// at once, which glibc's allocator would otherwise keep mapped: the server's resident size would stay at
    /// the computation's peak.
    @Sendable public static func trim() {
        #if canImport(Glibc)
            _ = mallocTrim?(0)
        #endif
    }
}
