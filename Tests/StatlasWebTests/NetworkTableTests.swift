import Testing

@testable import StatlasWeb

@Suite("The network page's measures table")
struct NetworkTableTests {
    @Test("The first k in an order are the stable sort's first k, without sorting everything")
    func firstKMatchesTheStableSort() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<200 {
            let count = Int.random(in: 0...60, using: &generator)
            let values = (0..<count).map { _ in Int.random(in: 0...8, using: &generator) }
            let k = Int.random(in: 0...70, using: &generator)
            let expected = Array(values.indices.sorted { (values[$0], $0) < (values[$1], $1) }.prefix(k))
            #expect(NetworkSections.first(k, of: count) { values[$0] < values[$1] } == expected)
        }
    }
}
