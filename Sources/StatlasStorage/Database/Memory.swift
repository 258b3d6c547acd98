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
        /// glibc's `mallopt`, looked up once.
        private static let mallopt: (@convention(c) (Int32, Int32) -> Int32)? = {
            guard let symbol = dlsym(nil, "mallopt") else { return nil }
            return unsafeBitCast(symbol, to: (@convention(c) (Int32, Int32) -> Int32).self)
        }()
        /// `M_MMAP_THRESHOLD` in `<malloc.h>`.
        private static let mmapThreshold: Int32 = -3
    #endif

    /// The size from which an allocation gets its own mapping, given back to the system when freed.
    public static let largeAllocation: Int32 = 4 << 20

    /// Serves every allocation of `largeAllocation` bytes or more from its own mapping (a fixed threshold).
    /// glibc raises its threshold each time a large block is freed, up to 32 MB, after which the arrays and
    /// buffers of a whole-register computation come from the heap, where they leave it fragmented: the server
    /// grew to 250 MB computing the network, whose live data peaked at 125 MB (190 MB with this).
    public static func limitHeapGrowth() {
        #if canImport(Glibc)
            _ = mallopt?(mmapThreshold, largeAllocation)
        #endif
    }

    /// Returns the heap's free pages to the system. A whole-register computation frees hundreds of megabytes
    /// at once, which glibc's allocator would otherwise keep mapped: the server's resident size would stay at
    /// the computation's peak.
    @Sendable public static func trim() {
        #if canImport(Glibc)
            _ = mallocTrim?(0)
        #endif
    }
}
