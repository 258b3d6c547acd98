import StatlasCore
import Testing

@Suite("Inter-coder agreement over Unicode scalars: percentage, Cohen's kappa, Krippendorff's alpha")
struct AgreementTests {
    /// Reference values from scikit-learn 1.x `cohen_kappa_score` and the `krippendorff` package (nominal) on the
    /// same unit vectors (0/1 per scalar), printed to full precision.
    @Test("One document, and two pooled, equal the reference packages to 1e-12")
    func reference() {
        let one = Agreement.of([2..<8, 12..<15], [4..<10, 14..<18], length: 20)
        #expect(one.units == 20 && one.both == 5 && one.onlyFirst == 4 && one.onlySecond == 5 && one.neither == 6)
        #expect(abs(one.percentage - 0.55) < 1e-12)
        #expect(abs(one.kappa - 0.09999999999999998) < 1e-12)
        #expect(abs(one.alpha - 0.12030075187969913) < 1e-12)
        let pooled = one + Agreement.of([0..<3], [1..<3], length: 7)
        #expect(abs(pooled.percentage - 0.6296296296296297) < 1e-12)
        #expect(abs(pooled.kappa - 0.25) < 1e-12)
        #expect(abs(pooled.alpha - 0.26388888888888895) < 1e-12)
    }

    @Test("Overlapping segments count once, segments are clipped to the text, and agreement on nothing is complete")
    func edges() {
        let a = Agreement.of([0..<5, 3..<8, 18..<40], [0..<8], length: 20)
        #expect(a.both == 8 && a.onlyFirst == 2 && a.onlySecond == 0 && a.neither == 10)
        let none = Agreement.of([], [], length: 12)
        #expect(none.percentage == 1 && none.kappa == 1 && none.alpha == 1 && none.units == 12)
        #expect(Agreement.reading(0.5) == "moderate" && Agreement.reading(0.85) == "almost perfect")
    }
}
