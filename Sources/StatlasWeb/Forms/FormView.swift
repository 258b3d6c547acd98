import Foundation
import StatlasCore

/// Builds the view models of form fields (GOV.UK text inputs, textareas, selects, radios, checkboxes,
/// date inputs and repeated fieldsets) from `FieldSpec`s, the form input and the errors by field name.
struct FormView {
    let form: FormData
    /// Error messages by form field name.
    let errors: [String: String]
    /// The choices offered for references to small collections; larger ones take typed ids.
    let options: [EntityKind: [ChoiceOption]]
    /// The records to choose from, by form field name (`FormErrors.candidates`), shown under the field's error.
    var candidates: [String: [Candidate]] = [:]
    /// Blank entries added to each group for new items.
    var extraEntries = 1

    /// The element id for a field name (`memberships[0].role` → `f-memberships-0-role`).
    static func id(_ key: String) -> String {
        "f-"
            + String(key.map { $0.isLetter || $0.isNumber ? $0 : "-" }).replacingOccurrences(of: "--", with: "-")
            .trimmingCharacters(in: CharacterSet(charactersIn: "-"))
    }

    /// The id an error summary link should move focus to for this field.
    static func target(_ key: String, _ spec: FieldSpec, options: [EntityKind: [ChoiceOption]]) -> String {
        switch spec.kind {
        case .date: return id(key) + "-day"
        case .choices(let choices) where !choices.isEmpty: return id(key) + "-0"
        case .choice(let choices) where useRadios(spec, choices): return id(key) + "-0"
        case .references(let kind) where options[kind] != nil && !(options[kind] ?? []).isEmpty: return id(key) + "-0"
        case .object(let inner): return inner.first.map { target(key + "." + $0.name, $0, options: options) } ?? id(key)
        default: return id(key)
        }
    }

    static func useRadios(_ spec: FieldSpec, _ choices: [ChoiceOption]) -> Bool { spec.required && choices.count <= 5 }

    /// The view models of these fields, with names under `prefix`.
    func fields(_ specs: [FieldSpec], prefix: String = "") -> [FieldView] {
        specs.map { field($0, key: prefix + $0.name) }
    }

    func field(_ spec: FieldSpec, key: String) -> FieldView {
        let id = Self.id(key)
        var model = FieldView(id: id, name: key, label: spec.label, required: spec.required)
        var hint = spec.hint
        let error = errors[key]
        model.error = Maybe(error)
        model.candidates = (candidates[key] ?? []).map {
            CandidateView(name: $0.name, href: .none, candidateId: $0.id)
        }
        model.hasCandidates = !model.candidates.isEmpty
        switch spec.kind {
        case .text, .email, .url, .period, .number:
            model.isInput = true
            model.inputType = spec.kind.inputType
            model.value = form[key] ?? ""
            if case .number = spec.kind { model.short = true }
            if case .period = spec.kind { model.short = true }
            if case .email = spec.kind { model.spellcheckOff = true }
        case .longText, .list:
            model.isTextarea = true
            model.rows = spec.kind.isList ? 4 : 6
            model.value = form.values(key).joined(separator: "\n")
            if spec.kind.isList { hint = [hint, "One per line"].compactMap { $0 }.joined(separator: ". ") }
        case .choice(let choices):
            choice(&model, key: key, spec: spec, choices: choices, single: true)
        case .choices(let choices):
            choice(&model, key: key, spec: spec, choices: choices, single: false)
        case .reference(let kind):
            if let choices = options[kind] {
                choice(&model, key: key, spec: spec, choices: choices, single: true)
            } else {
                model.isInput = true
                model.inputType = "text"
                model.value = form[key] ?? ""
                model.spellcheckOff = true
                model.suggest = Maybe("/api/v1/" + kind.collection)  // names offered as one types (statlas.js)
                hint = [hint, "Its name, short name or id"].compactMap { $0 }.joined(separator: ". ")
            }
        case .references(let kind):
            if let choices = options[kind], choices.count <= 40 {
                choice(&model, key: key, spec: spec, choices: choices, single: false)
            } else {
                model.isTextarea = true
                model.rows = 3
                model.value = form.values(key).joined(separator: "\n")
                model.suggest = Maybe("/api/v1/" + kind.collection)  // names offered for the line being typed
                hint = [hint, "One \(kind.noun) per line: its name, short name or id"].compactMap { $0 }.joined(
                    separator: ". ")
            }
        case .bool:
            model.isCheckbox = true
            model.checked = form[key] == "true"
        case .date:
            model.isDate = true
            model.day = form[key + ".day"] ?? ""
            model.month = form[key + ".month"] ?? ""
            model.year = form[key + ".year"] ?? ""
        case .group(let entryFields):
            model.isGroup = true
            // Entries left blank are not shown again: one blank entry follows those with something in them.
            let present = form.typedIndexes(of: key)
            let next = (present.last ?? -1) + 1
            let indexes = present + (next..<(next + extraEntries))
            model.entries = indexes.enumerated().map { position, index in
                EntryView(
                    legend: "\(spec.label): entry \(position + 1)\(present.contains(index) ? "" : " (new)")",
                    fields: fields(entryFields, prefix: "\(key)[\(index)]."))
            }
        case .object(let inner):
            model.isGroup = true
            model.entries = [EntryView(legend: spec.label, fields: fields(inner, prefix: key + "."))]
        }
        model.hint = Maybe(hint)
        let described = [hint != nil ? id + "-hint" : nil, error != nil ? id + "-error" : nil].compactMap { $0 }
        if !described.isEmpty { model.describedBy = Maybe(described.joined(separator: " ")) }
        return model
    }

    private func choice(_ model: inout FieldView, key: String, spec: FieldSpec, choices: [ChoiceOption], single: Bool) {
        let chosen = Set(form.values(key))
        let id = Self.id(key)
        model.options = choices.enumerated().map { index, option in
            OptionView(
                value: option.value, label: option.label, selected: chosen.contains(option.value),
                optionId: "\(id)-\(index)",
                name: key, controlType: single ? "radio" : "checkbox")
        }
        if single && !Self.useRadios(spec, choices) {
            model.isSelect = true
            model.emptyLabel = spec.required ? "Select an option" : "None"
        } else {
            model.isChoiceList = true
            model.listClass = single ? "radios" : (choices.count > 8 ? "checkboxes checkboxes--columns" : "checkboxes")
        }
    }
}

/// One form field as the `field` partial shows it. Every property a field template reads is stored (false or
/// `Maybe.none` when absent), so that a field inside a group never picks up its group's hint or error through
/// Mustache's context stack.
struct FieldView: Sendable {
    var id: String
    var name: String
    var label: String
    var required: Bool
    var error = Maybe.none
    var hint = Maybe.none
    var describedBy = Maybe.none
    var autocomplete = Maybe.none
    var inputmode = Maybe.none
    /// The file types of a file upload; none for other inputs.
    var accept = Maybe.none
    var short = false
    var spellcheckOff = false
    var checked = false
    var isInput = false
    var isTextarea = false
    var isSelect = false
    var isChoiceList = false
    var isCheckbox = false
    var isDate = false
    var isGroup = false
    var inputType = "text"
    var value = ""
    var rows = 0
    var options: [OptionView] = []
    var emptyLabel = ""
    var listClass = ""
    var day = ""
    var month = ""
    var year = ""
    var entries: [EntryView] = []
    /// The API list whose names the script offers while one types (a typed reference field), with a datalist.
    var suggest = Maybe.none
    /// The records to choose from when the field names no single record (`References`).
    var candidates: [CandidateView] = []
    var hasCandidates = false
}

/// A record offered under a field that names no single record: a link that chooses it (a filter), or its name
/// and id to enter (a form).
struct CandidateView: Sendable {
    var name: String
    var href: Maybe
    var candidateId: String
}

/// One option of a select, radios or checkboxes.
struct OptionView: Sendable {
    var value: String
    var label: String
    var selected: Bool
    var optionId: String
    var name: String
    var controlType: String
}

/// One repeated entry of a group field.
struct EntryView: Sendable {
    var legend: String
    var fields: [FieldView]
}

extension FieldSpec.Kind {
    var inputType: String {
        switch self {
        case .email: "email"
        case .url: "url"
        default: "text"
        }
    }

    var isList: Bool {
        if case .list = self { return true }
        return false
    }
}
