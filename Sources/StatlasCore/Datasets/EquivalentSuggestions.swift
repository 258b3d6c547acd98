import Foundation

/// A dataset that may publish the same statistic as another for other nations: suggested for an editor to
/// confirm as an equivalent or dismiss.
public struct SuggestedEquivalent: Codable, Sendable, Hashable {
    public var datasetId: String
    public var title: String
    /// The nations the suggested dataset covers, in nation order.
    public var nations: [Nation]
    /// Why it is suggested, in words ("The same title but for the place").
    public var reason: String
    /// How alike the two are, 0–1: 1 for the same title but for the place.
    public var score: Double

    public init(datasetId: String, title: String, nations: [Nation], reason: String, score: Double) {
        (self.datasetId, self.title, self.nations, self.reason, self.score) = (
            datasetId, title, nations, reason, score
        )
    }
}

/// Finds likely equivalents of a dataset among others: the same statistic published for other nations,
/// recognised by a title that is the same but for place names ("Net additions to the housing stock (Wales)"),
/// or but for one more word ("Average house price", "House prices (Scotland)"). A candidate
/// must cover different nations from the dataset, and neither may already name the other as equivalent or
/// have dismissed it (`Dataset.notEquivalentIds`).
public enum EquivalentSuggestions {
    /// At most this many suggestions for one dataset.
    public static let limit = 5
    /// True when one title's words are the other's and one more ("House prices", "Average house price"), the
    /// shorter having at least two words. Titles that differ by a word each ("Domestic gas consumption",
    /// "Domestic electricity consumption") are different statistics.
    static func nested(_ a: Set<String>, _ b: Set<String>) -> Bool {
        let (small, large) = a.count < b.count ? (a, b) : (b, a)
        return small.count >= 2 && large.count == small.count + 1 && small.isSubset(of: large)
    }

    /// Words that name a place of the UK, which an equivalent's title changes.
    static let placeWords: Set<String> = [
        "england", "english", "wales", "welsh", "cymru", "scotland", "scottish", "northern", "ireland", "ni", "great",
        "britain", "gb", "uk", "united", "kingdom", "british",
    ]
    /// Words that say nothing about the statistic.
    static let stopWords: Set<String> = ["a", "an", "the", "of", "in", "for", "to", "and", "by", "at", "on", "with"]

    /// The words of a title that name its statistic: folded (case and accents aside), split on anything but
    /// letters and digits, without place and stop words, plural `s` dropped ("House Prices (Wales)" → house,
    /// price).
    public static func words(_ title: String) -> [String] {
        var words: [String] = []
        var current = String.UnicodeScalarView()
        func finish() {
            guard !current.isEmpty else { return }
            var word = String(current)
            current = String.UnicodeScalarView()
            if placeWords.contains(word) || stopWords.contains(word) { return }
            if word.unicodeScalars.count > 3 && word.hasSuffix("s") && !word.hasSuffix("ss") {
                word.unicodeScalars.removeLast()
            }
            words.append(word)
        }
        for scalar in References.fold(title).unicodeScalars {
            if CharacterSet.alphanumerics.contains(scalar) { current.append(scalar) } else { finish() }
        }
        finish()
        return words
    }

    /// The title without its place: equal for "Net additions to the housing stock (England)" and "… (Wales)".
    public static func stem(_ title: String) -> String { words(title).joined(separator: " ") }

    /// The nations a dataset covers, in nation order.
    static func nations(_ coverage: [NationCoverage]) -> [Nation] {
        Nation.allCases.filter { n in coverage.contains { $0.nation == n && $0.covered } }
    }

    /// True when the two datasets are already linked, or either has dismissed the other.
    public static func decided(_ a: Dataset, _ b: Dataset) -> Bool {
        a.equivalents.contains { $0.datasetId == b.id } || b.equivalents.contains { $0.datasetId == a.id }
            || a.notEquivalentIds.contains(b.id) || b.notEquivalentIds.contains(a.id)
    }

    /// The likely equivalents of `subject` among `candidates`, most alike first, at most `limit`.
    public static func suggest(for subject: Dataset, among candidates: [Dataset]) -> [SuggestedEquivalent] {
        let stem = stem(subject.title)
        let mine = Set(words(subject.title))
        let myNations = nations(subject.coverage)
        let myKeywords = Set(subject.keywords.map(References.fold))
        var seen = Set<String>()
        var result: [SuggestedEquivalent] = []
        for other in candidates where other.id != subject.id && seen.insert(other.id).inserted {
            let theirNations = nations(other.coverage)
            guard !theirNations.isEmpty, theirNations != myNations, !decided(subject, other) else { continue }
            let theirs = Set(words(other.title))
            if !stem.isEmpty && stem == Self.stem(other.title) {
                result.append(
                    SuggestedEquivalent(
                        datasetId: other.id, title: other.title, nations: theirNations,
                        reason: "The same title but for the place", score: 1))
                continue
            }
            guard nested(mine, theirs) else { continue }
            let overlap = Double(mine.intersection(theirs).count) / Double(mine.union(theirs).count)
            let shared = myKeywords.intersection(other.keywords.map(References.fold)).sorted()
            let extra = mine.symmetricDifference(theirs).first ?? ""
            let reason =
                "The same title but for the word “\(extra)” and the place"
                + (shared.isEmpty
                    ? "" : "; shared keyword\(shared.count == 1 ? "" : "s"): " + shared.joined(separator: ", "))
            result.append(
                SuggestedEquivalent(
                    datasetId: other.id, title: other.title, nations: theirNations, reason: reason, score: overlap))
        }
        return Array(
            result.sorted { ($1.score, $0.title, $0.datasetId) < ($0.score, $1.title, $1.datasetId) }.prefix(limit))
    }

    /// The title stems a candidate for `subject` may have (its `stem` facet): the subject's own, and for titles
    /// of three to seven words each with one word left out, so that a title one word shorter ("House prices"
    /// from "Average house price") is found. A title one word longer is found from its own page.
    public static func stems(for subject: Dataset) -> [String] {
        let words = words(subject.title)
        guard !words.isEmpty else { return [] }
        var result = [words.joined(separator: " ")]
        if (3...7).contains(words.count) {
            for i in words.indices {
                result.append(words.enumerated().filter { $0.offset != i }.map(\.element).joined(separator: " "))
            }
        }
        return Array(NSOrderedSet(array: result).compactMap { $0 as? String })
    }

    /// The likely equivalents of `subject` in the register: one look at the `stem` facets' value index (at most
    /// `searchLimit` records), so the cost follows the datasets of those stems, not the register.
    public static func suggest(for subject: Dataset, in repository: any RecordRepository) async throws
        -> [SuggestedEquivalent]
    {
        let ids = try await repository.withFacet(
            .dataset, "stem", values: stems(for: subject), excluding: subject.id, limit: searchLimit)
        return suggest(for: subject, among: try await repository.get(Dataset.self, ids: ids))
    }

    /// How many candidates a suggestion reads.
    static let searchLimit = 50
}

/// An editor's answer to a suggested equivalent.
public enum EquivalentDecision: String, Sendable, CaseIterable, Codable {
    /// Record it as an equivalent.
    case confirm
    /// Never suggest it again, from either side.
    case dismiss
}

extension Dataset {
    /// Records an editor's decision about the dataset `otherId`: confirming adds it to `equivalents` (and
    /// drops a dismissal); dismissing adds it to `notEquivalentIds` (and drops it from `equivalents`).
    /// Deciding what is already decided changes nothing.
    public mutating func decide(
        _ decision: EquivalentDecision, about otherId: String, comparability: Comparability = .partially,
        note: String? = "Confirmed from a suggested equivalent"
    ) {
        switch decision {
        case .confirm:
            notEquivalentIds.removeAll { $0 == otherId }
            if !equivalents.contains(where: { $0.datasetId == otherId }) {
                equivalents.append(Equivalent(datasetId: otherId, comparability: comparability, note: note))
            }
        case .dismiss:
            equivalents.removeAll { $0.datasetId == otherId }
            if !notEquivalentIds.contains(otherId) { notEquivalentIds.append(otherId) }
        }
    }
}
