import Foundation

/// The kinds of survey question.
public enum QuestionKind: String, Vocabulary {
    case single, multiple, scale, number, text

    /// The kind from its name or a common long form ("single-choice", "multiple choice", "free-text").
    public static func named(_ text: String) -> QuestionKind? {
        let key = text.lowercased().replacingOccurrences(of: " ", with: "-")
        return QuestionKind(rawValue: key)
            ?? ["single-choice": .single, "multiple-choice": .multiple, "free-text": .text, "numeric": .number][key]
    }

    /// True when each respondent gives at most one answer, so a group's counts add up to its base.
    public var isAdditive: Bool { self != .multiple }
}

/// A question of a survey. Choice and scale questions have fixed options (STANDARDS.md rule 6: no user-defined
/// bands); number questions are tabulated by their distinct values; free text is coded like documents.
public struct SurveyQuestion: Codable, Sendable, Hashable {
    public var id = ""
    public var text = ""
    public var kind = QuestionKind.single
    public var options: [String] = []

    public init(id: String = "", text: String = "", kind: QuestionKind = .single, options: [String] = []) {
        (self.id, self.text, self.kind, self.options) = (id, text, kind, options)
    }
}

/// A survey of a study: its questions, in order.
public struct Survey: Codable, Sendable, Hashable {
    public var id = ""
    public var title = ""
    public var questions: [SurveyQuestion] = []
    public var createdAt: Date?

    public init() {}

    /// Every mistake at once.
    public func validate() -> [FieldError] {
        var v = Validator()
        v.required(title, "title", "Enter the survey's title")
        v.maxLength(title, "title", 500)
        v.check(!questions.isEmpty, "questions", "A survey has at least one question")
        v.check(questions.count <= 500, "questions", "A survey has at most 500 questions")
        var seen: Set<String> = []
        for (n, question) in questions.enumerated() {
            let field = "questions[\(n)]"
            let idOK =
                !question.id.isEmpty && question.id.unicodeScalars.count <= 60
                && question.id.unicodeScalars.allSatisfy {
                    CharacterSet.alphanumerics.contains($0) || "_-.".unicodeScalars.contains($0)
                }
            v.check(idOK, field + ".id", "A question's id is 1 to 60 letters, digits, dots, dashes or underscores")
            v.check(
                seen.insert(question.id.lowercased()).inserted, field + ".id",
                "Question ids must differ: \(question.id) repeats")
            v.required(question.text, field + ".text", "Enter the question's text")
            v.maxLength(question.text, field + ".text", 2000)
            let needsOptions = [.single, .multiple].contains(question.kind)
            v.check(
                !needsOptions || question.options.count >= 2, field + ".options",
                "A choice question has at least two options")
            v.check(question.options.count <= 100, field + ".options", "A question has at most 100 options")
            v.check(
                Set(question.options.map { $0.lowercased() }).count == question.options.count, field + ".options",
                "Options must differ")
            v.check(
                question.options.allSatisfy { !$0.isEmpty && $0.unicodeScalars.count <= 200 && !$0.contains(";") },
                field + ".options", "Options are 1 to 200 characters without semicolons")
        }
        return v.errors
    }

    /// The question with this id, if any.
    public func question(_ id: String) -> SurveyQuestion? { questions.first { $0.id == id } }
}

/// One respondent's answers to a survey: a participant of the study, with a weight when the survey is weighted.
public struct SurveyResponse: Codable, Sendable, Hashable {
    public var surveyId = ""
    public var participantId = ""
    /// Answers by question id; several for a multiple-choice question.
    public var answers: [String: [String]] = [:]
    public var weight: Double?

    public init() {}
}

/// The 95% Wilson score interval, as `statsmodels.stats.proportion.proportion_confint(method="wilson")`
/// computes it (the same operations in the same order).
public enum Wilson {
    /// The standard normal quantile for 95% (scipy's `norm.isf(0.025)`).
    public static let z95 = 1.959963984540054

    /// The interval for a proportion `p` of `n` (an effective sample size when weighted); (0, 1) for no units.
    public static func interval(p: Double, n: Double, z: Double = z95) -> (low: Double, high: Double) {
        guard n > 0 else { return (0, 1) }
        let q = 1 - p
        let z2 = z * z
        let denominator = 1 + z2 / n
        let centre = (p + z2 / (2 * n)) / denominator
        var distance = z * (p * q / n + z2 / (4.0 * n * n)).squareRoot()
        distance /= denominator
        return (centre - distance, centre + distance)
    }

    /// Kish's effective sample size, (Σw)² / Σw²: n for equal weights.
    public static func effectiveSize(_ weights: [Double]) -> Double {
        let sum = weights.reduce(0, +)
        let squares = weights.reduce(0) { $0 + $1 * $1 }
        return squares > 0 ? sum * sum / squares : 0
    }
}

/// A survey question tabulated, optionally by a participant attribute: counts, weighted percentages and 95%
/// Wilson intervals for each group and answer (STANDARDS.md "Survey percentages").
public struct SurveyTable: Sendable {
    public struct Cell: Sendable, Hashable {
        public var group: String
        public var value: String
        public var count: Int
        /// The weighted share of the group's respondents, 0 to 100.
        public var percentage: Double
        public var wilsonLow: Double
        public var wilsonHigh: Double
    }

    /// The group every respondent is in, and the name of the total row of a table by an attribute.
    public static let all = "All"
    /// The group of respondents without the attribute.
    public static let notStated = "Not stated"

    public var question: SurveyQuestion
    public var by: String?
    public var counts: CountTable
    /// True when any response carries a weight.
    public var weighted: Bool
    /// Cells of the groups, then (by an attribute) of all respondents.
    public var cells: [Cell]

    /// Tabulates `question` over the responses of respondents who have not withdrawn (`participants` by id);
    /// groups are the values of attribute `by` ("Not stated" last) and values the question's options.
    public init(
        question: SurveyQuestion, responses: [SurveyResponse], participants: [String: StudyParticipant],
        by: String?
    ) {
        self.question = question
        self.by = by
        weighted = responses.contains { $0.weight != nil }
        let kept = responses.filter { participants[$0.participantId].map { !$0.consent.withdrawn } ?? false }
            .filter { !($0.answers[question.id] ?? []).isEmpty }
        func group(_ response: SurveyResponse) -> String {
            Self.group(of: participants[response.participantId], by: by)
        }
        var groups = Self.ordered(Set(kept.map(group)))
        if groups.isEmpty { groups = [by == nil ? Self.all : Self.notStated] }
        let values = Self.values(question, kept)
        let valueIndex = Dictionary(values.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        let groupIndex = Dictionary(groups.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        var counts = Array(repeating: Array(repeating: 0, count: values.count), count: groups.count)
        var weightIn = counts.map { $0.map { _ in 0.0 } }
        var baseWeights = Array(repeating: [Double](), count: groups.count)
        for response in kept {
            guard let g = groupIndex[group(response)] else { continue }
            let weight = response.weight ?? 1
            baseWeights[g].append(weight)
            for answer in Set(response.answers[question.id] ?? []) {
                guard let v = valueIndex[answer] else { continue }
                counts[g][v] += 1
                weightIn[g][v] += weight
            }
        }
        self.counts = CountTable(
            groups: groups, values: values, counts: counts, bases: baseWeights.map(\.count),
            additive: question.kind.isAdditive)
        func cells(_ name: String, _ counts: [Int], _ weightIn: [Double], _ weights: [Double]) -> [Cell] {
            let total = weights.reduce(0, +)
            let n = Wilson.effectiveSize(weights)
            return values.indices.map { v in
                let p = total > 0 ? weightIn[v] / total : 0
                let (low, high) = Wilson.interval(p: p, n: n)
                return Cell(
                    group: name, value: values[v], count: counts[v], percentage: p * 100, wilsonLow: low * 100,
                    wilsonHigh: high * 100)
            }
        }
        var all = groups.indices.flatMap { cells(groups[$0], counts[$0], weightIn[$0], baseWeights[$0]) }
        if by != nil && groups.count > 1 {
            all += cells(
                Self.all, self.counts.columnTotals,
                values.indices.map { v in weightIn.reduce(0) { $0 + $1[v] } }, baseWeights.flatMap { $0 })
        }
        self.cells = all
    }

    /// The group a participant is in under the attribute `by`: its value, "Not stated" without one, "All" when
    /// nothing is broken down.
    public static func group(of participant: StudyParticipant?, by: String?) -> String {
        guard let by else { return all }
        let value = participant?.attributes[by]?.trimmedWhitespace() ?? ""
        return value.isEmpty ? notStated : value
    }

    /// Groups in the order tables show them: by name, whatever the case, "Not stated" last.
    public static func ordered(_ groups: Set<String>) -> [String] {
        groups.sorted { a, b in (a == notStated ? 1 : 0, a.lowercased()) < (b == notStated ? 1 : 0, b.lowercased()) }
    }

    /// The answers tabulated: a choice or scale question's options in order; otherwise the distinct answers
    /// (numbers in numeric order).
    static func values(_ question: SurveyQuestion, _ responses: [SurveyResponse]) -> [String] {
        if !question.options.isEmpty { return question.options }
        let given = Set(responses.flatMap { $0.answers[question.id] ?? [] })
        return given.sorted { a, b in
            switch (Double(a), Double(b)) {
            case (let x?, let y?): x < y
            default: a < b
            }
        }
    }
}
