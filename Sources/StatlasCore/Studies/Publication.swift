import Foundation

/// Turns a study's exact results into what may leave it (STANDARDS.md "Statistical disclosure control"):
/// tables through `DisclosureControl`, percentages and intervals as whole numbers beside published counts only,
/// and quotes only with consent and enough participants sharing the attributes shown.
public enum Publication {
    /// A survey table as it would be published under `thresholds`. Unweighted, each percentage and interval is
    /// worked out from the published (rounded) count and base, so that the two never give back the exact count;
    /// weighted, from the weighted estimate (the weights stand between it and any count).
    public static func table(_ survey: SurveyTable, _ thresholds: DisclosureThresholds, caption: String)
        -> PublishedTable
    {
        let exact = Dictionary(
            survey.cells.map { ("\($0.group)\u{1F}\($0.value)", $0) }, uniquingKeysWith: { a, _ in a })
        return published(survey.counts, thresholds, caption: caption, unit: "respondents") {
            group, value, count, base in
            survey.weighted
                ? exact["\(group)\u{1F}\(value)"].map { ($0.percentage, $0.wilsonLow, $0.wilsonHigh) }
                : rounded(count, base)
        }
    }

    /// A percentage and its Wilson interval from published counts (0 to 100).
    static func rounded(_ count: Int, _ base: Int) -> (Double, Double, Double)? {
        guard base > 0 else { return nil }
        let p = Double(min(count, base)) / Double(base)
        let (low, high) = Wilson.interval(p: p, n: Double(base))
        return (p * 100, low * 100, high * 100)
    }

    /// Code frequencies among interviewees as they would be published: percentages of each group's
    /// interviewees, with Wilson intervals.
    public static func frequencies(_ table: CountTable, _ thresholds: DisclosureThresholds, caption: String)
        -> PublishedTable
    {
        // Percentages of each group's interviewees from the published counts and bases.
        published(table, thresholds, caption: caption, unit: "interviewees") { _, _, count, base in
            rounded(count, base)
        }
    }

    /// The table after disclosure control, with `percentage(group, value, count, base)` — given the published
    /// count and base — as whole numbers where the cell and its base are published.
    static func published(
        _ table: CountTable, _ thresholds: DisclosureThresholds, caption: String, unit: String,
        percentage: (String, String, Int, Int) -> (Double, Double, Double)?
    ) -> PublishedTable {
        let controlled = DisclosureControl.apply(table, thresholds)
        var cells: [PublishedCell] = []
        var baseOf: [String: Int] = [:]
        for (g, group) in table.groups.enumerated() { baseOf[group] = controlled.bases[g].value }
        if table.groups.count > 1 { baseOf[SurveyTable.all] = controlled.total.value }
        func add(_ group: String, _ value: String, _ count: PublishedCount, percentageShown: Bool) {
            let shown =
                percentageShown
                ? count.value.flatMap { c in baseOf[group].flatMap { percentage(group, value, c, $0) } } : nil
            cells.append(
                PublishedCell(
                    group: group, value: value, count: count.value, percentage: shown.map { Int($0.0.rounded()) },
                    wilsonLow: shown.map { Int($0.1.rounded()) }, wilsonHigh: shown.map { Int($0.2.rounded()) },
                    suppressed: count.isSuppressed))
        }
        for (g, group) in table.groups.enumerated() {
            for (v, value) in table.values.enumerated() {
                add(group, value, controlled.cells[g][v], percentageShown: controlled.percentagePublished(g, v))
            }
        }
        var bases = zip(table.groups, controlled.bases).map {
            PublishedBase(group: $0, count: $1.value, suppressed: $1.isSuppressed)
        }
        var groups = table.groups
        if table.groups.count > 1 {
            groups.append(SurveyTable.all)
            for (v, value) in table.values.enumerated() {
                let count = controlled.columnTotals[v]
                add(
                    SurveyTable.all, value, count,
                    percentageShown: !count.isSuppressed && !controlled.total.isSuppressed)
            }
            bases.append(
                PublishedBase(
                    group: SurveyTable.all, count: controlled.total.value, suppressed: controlled.total.isSuppressed))
        }
        return PublishedTable(
            caption: caption, unit: unit, groups: groups, values: table.values, cells: cells, bases: bases,
            flags: controlled.flags)
    }

    /// The attributes a quote may carry, in the order they are tried.
    public static let quoteAttributes = ["organisationKind", "nation", "sector", "seniority"]

    /// The quote as it may be published, or why not: its participant must have consented to quotation and not
    /// withdrawn, and at least `quoteMinimum` participants who have not withdrawn must share every attribute
    /// shown (attributes are added in `quoteAttributes` order while that holds).
    public static func quote(
        _ text: String, of participant: StudyParticipant, among participants: [StudyParticipant],
        _ thresholds: DisclosureThresholds
    ) -> Result<PublishedQuote, QuoteRefusal> {
        guard !participant.consent.withdrawn else { return .failure(.withdrawn) }
        guard participant.consent.quotation else { return .failure(.noConsent) }
        let active = participants.filter { !$0.consent.withdrawn }
        guard active.count >= thresholds.quoteMinimum else {
            return .failure(.tooFew(active.count, thresholds.quoteMinimum))
        }
        var shown: [String: String] = [:]
        let names = quoteAttributes + participant.attributes.keys.filter { !quoteAttributes.contains($0) }.sorted()
        for name in names {
            guard let value = participant.attributes[name], !value.isEmpty else { continue }
            var trial = shown
            trial[name] = value
            let sharing = active.filter { other in trial.allSatisfy { other.attributes[$0.key] == $0.value } }.count
            if sharing >= thresholds.quoteMinimum { shown = trial }
        }
        return .success(PublishedQuote(text: text, attributes: shown))
    }

    /// Why a quote may not be published.
    public enum QuoteRefusal: Error, Equatable, CustomStringConvertible {
        case withdrawn, noConsent
        case tooFew(Int, Int)

        public var description: String {
            switch self {
            case .withdrawn: "The participant has withdrawn: nothing of theirs is published"
            case .noConsent: "The participant did not consent to quotation"
            case .tooFew(let n, let minimum):
                "Only \(n) participants are in the study: a quote needs at least \(minimum) sharing what is shown"
            }
        }
    }

    /// The sentence a factor's page shows for code frequencies: "Reported as a barrier by 25 of 40
    /// interviewees; local authority most often", from published figures only.
    public static func summary(_ table: PublishedTable, code: String, kind: FactorKind?) -> String {
        let what = kind.map { "Reported as \($0 == .incentive ? "an" : "a") \($0.rawValue)" } ?? "Reported"
        let totalGroup = table.groups.contains(SurveyTable.all) ? SurveyTable.all : table.groups.first ?? ""
        guard let cell = table.cell(totalGroup, code), let count = cell.count,
            let base = table.bases.first(where: { $0.group == totalGroup })?.count
        else {
            return "\(what) by too few \(table.unit) to publish a number"
        }
        var sentence = "\(what) by \(count) of \(base) \(table.unit)"
        let groups = table.groups.filter { $0 != SurveyTable.all && $0 != SurveyTable.notStated }
        let ranked = groups.compactMap { g in table.cell(g, code)?.percentage.map { (g, $0) } }.sorted { $0.1 > $1.1 }
        if groups.count > 1, ranked.count == groups.count, let top = ranked.first,
            ranked.dropFirst().first.map({ $0.1 < top.1 }) ?? true
        {
            sentence += "; \(StudyParticipant.label(top.0).lowercased()) most often"
        }
        return sentence
    }
}
