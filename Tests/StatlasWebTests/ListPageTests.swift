import Testing

@testable import StatlasWeb

@Suite("A list's results")
struct ListPageTests {
    @Test("A result's summary is trimmed and cut on Unicode scalars, never on Characters")
    func summaryIsCutOnScalars() {
        #expect(ListPage.summary(" \n\t ") == nil)
        #expect(ListPage.summary("") == nil)
        #expect(ListPage.summary("  Housing stock\n") == "Housing stock")
        let exact = String(repeating: "a", count: ListPage.summaryLength)
        #expect(ListPage.summary(exact) == exact)
        // A combining accent after the limit is cut off from its base (positions count scalars).
        let combining = String(repeating: "e", count: ListPage.summaryLength) + "\u{301}xyz"
        let cut = ListPage.summary(combining)
        #expect(cut?.unicodeScalars.count == ListPage.summaryLength + 1 && cut?.hasSuffix("…") == true)
        #expect(cut?.unicodeScalars.contains("\u{301}") == false)
        #expect(ListPage.summary("\u{2003}<\u{301}b\u{2003}") == "<\u{301}b")
    }
}
