import Foundation

/// What a study's codings say in aggregate: how many participants each code was applied to, by a participant
/// attribute, and which codes' segments overlap. Withdrawn participants' documents and codings are left out.
public enum CodeAnalysis {
    /// Each code with every code under it (itself included): a coding of "Lack of funding" under "Barrier"
    /// counts for both.
    public static func subtrees(_ codes: [StudyCode]) -> [String: Set<String>] {
        var children: [String: [String]] = [:]
        for code in codes { if let parent = code.parentId { children[parent, default: []].append(code.id) } }
        var result: [String: Set<String>] = [:]
        for code in codes {
            var seen: Set<String> = [code.id]
            var queue = [code.id]
            while let next = queue.popLast() {
                for child in children[next] ?? [] where seen.insert(child).inserted { queue.append(child) }
            }
            result[code.id] = seen
        }
        return result
    }

    /// The documents whose participants have not withdrawn.
    public static func kept(_ documents: [StudyDocument], _ participants: [String: StudyParticipant])
        -> [StudyDocument]
    {
        documents.filter { participants[$0.participantId].map { !$0.consent.withdrawn } ?? false }
    }

    /// Code frequencies: for each code (with the codes under it), the interviewees whose documents (not survey
    /// answers) carry it, by
    /// the attribute `by` (one group "All" without it). A group's base is its participants with a document; the
    /// table is not additive (a participant may carry several codes). `segments[code]` counts its segments.
    public static func frequencies(
        codes: [StudyCode], codings: [StudyCoding], documents: [StudyDocument],
        participants: [String: StudyParticipant], by: String?
    ) -> (table: CountTable, segments: [String: Int]) {
        // Interviewees: survey respondents' free-text answers are coded too, but are not interviews.
        let kept = Self.kept(documents, participants).filter { $0.surveyId == nil }
        let owner = Dictionary(kept.map { ($0.id, $0.participantId) }, uniquingKeysWith: { a, _ in a })
        func group(_ participantId: String) -> String { SurveyTable.group(of: participants[participantId], by: by) }
        let interviewees = Set(kept.map(\.participantId))
        var groups = SurveyTable.ordered(Set(interviewees.map(group)))
        if groups.isEmpty { groups = [SurveyTable.all] }
        let groupIndex = Dictionary(groups.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        var bases = Array(repeating: 0, count: groups.count)
        for participant in interviewees { bases[groupIndex[group(participant)] ?? 0] += 1 }
        // The participants each code was applied to, directly.
        var direct: [String: Set<String>] = [:]
        var directSegments: [String: Int] = [:]
        for coding in codings {
            guard let participant = owner[coding.documentId] else { continue }
            direct[coding.codeId, default: []].insert(participant)
            directSegments[coding.codeId, default: 0] += 1
        }
        let trees = subtrees(codes)
        var counts = Array(repeating: Array(repeating: 0, count: codes.count), count: groups.count)
        var segments: [String: Int] = [:]
        for (c, code) in codes.enumerated() {
            let tree = trees[code.id] ?? [code.id]
            let carriers = tree.reduce(into: Set<String>()) { $0.formUnion(direct[$1] ?? []) }
            segments[code.id] = tree.reduce(0) { $0 + (directSegments[$1] ?? 0) }
            for participant in carriers { counts[groupIndex[group(participant)] ?? 0][c] += 1 }
        }
        return (
            CountTable(groups: groups, values: codes.map(\.name), counts: counts, bases: bases, additive: false),
            segments
        )
    }

    /// Two codes whose segments overlap: in how many documents, and how many pairs of segments.
    public struct Pair: Codable, Sendable, Hashable {
        public var first: String
        public var second: String
        public var documents: Int
        public var segments: Int

        public init(first: String, second: String, documents: Int, segments: Int) {
            (self.first, self.second, self.documents, self.segments) = (first, second, documents, segments)
        }
    }

    /// Code co-occurrence: for each pair of codes, the documents in which a segment of one overlaps a segment of
    /// the other (sharing at least one Unicode scalar), and the overlapping pairs of segments, most documents
    /// first. Segments of one code never pair with each other.
    public static func cooccurrence(
        codings: [StudyCoding], documents: [StudyDocument], participants: [String: StudyParticipant]
    ) -> [Pair] {
        let keptIds = Set(kept(documents, participants).map(\.id))
        var byDocument: [String: [StudyCoding]] = [:]
        for coding in codings where keptIds.contains(coding.documentId) {
            byDocument[coding.documentId, default: []].append(coding)
        }
        var documentsOf: [PairKey: Int] = [:]
        var segmentsOf: [PairKey: Int] = [:]
        for (_, list) in byDocument {
            let sorted = list.sorted { ($0.start, $0.end) < ($1.start, $1.end) }
            var seenHere: Set<PairKey> = []
            for i in sorted.indices {
                var j = i + 1
                while j < sorted.count && sorted[j].start < sorted[i].end {
                    if sorted[i].codeId != sorted[j].codeId {
                        let key = PairKey(sorted[i].codeId, sorted[j].codeId)
                        segmentsOf[key, default: 0] += 1
                        if seenHere.insert(key).inserted { documentsOf[key, default: 0] += 1 }
                    }
                    j += 1
                }
            }
        }
        return documentsOf.map { key, documents in
            Pair(first: key.first, second: key.second, documents: documents, segments: segmentsOf[key] ?? 0)
        }.sorted { ($1.documents, $0.first, $0.second) < ($0.documents, $1.first, $1.second) }
    }

    /// An unordered pair of code ids.
    struct PairKey: Hashable {
        let first: String
        let second: String
        init(_ a: String, _ b: String) { (first, second) = a < b ? (a, b) : (b, a) }
    }
}
