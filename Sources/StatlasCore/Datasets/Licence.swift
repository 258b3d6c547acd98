import Foundation

/// The licences UK statistics are published under, by the short identifiers registers use (`OGL-UK-3.0`, as
/// SPDX writes it; CKAN's `uk-ogl`), with their titles and the URL that identifies each — what CKAN clients
/// (`license_url`), DCAT (`dct:license`) and schema.org (`license`) need. A licence given as a URL stands for itself.
public struct Licence: Sendable, Hashable {
    public var id: String
    public var title: String
    public var url: String

    static let known: [Licence] = [
        Licence(
            id: "OGL-UK-3.0", title: "Open Government Licence v3.0",
            url: "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"),
        Licence(
            id: "OGL-UK-2.0", title: "Open Government Licence v2.0",
            url: "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/2/"),
        Licence(
            id: "CC-BY-4.0", title: "Creative Commons Attribution 4.0",
            url: "https://creativecommons.org/licenses/by/4.0/"),
        Licence(
            id: "CC0-1.0", title: "Creative Commons CC0 1.0",
            url: "https://creativecommons.org/publicdomain/zero/1.0/"),
        Licence(
            id: "ODbL-1.0", title: "Open Data Commons Open Database License 1.0",
            url: "https://opendatacommons.org/licenses/odbl/1-0/"),
    ]

    /// Other spellings of the known identifiers (CKAN's, data.gov.uk's, words people type).
    static let aliases: [String: String] = [
        "uk-ogl": "OGL-UK-3.0", "ogl": "OGL-UK-3.0", "ogl-uk-3.0": "OGL-UK-3.0", "ogl3": "OGL-UK-3.0",
        "open government licence": "OGL-UK-3.0", "open government licence v3.0": "OGL-UK-3.0",
        "ogl-uk-2.0": "OGL-UK-2.0", "cc-by-4.0": "CC-BY-4.0", "cc-by": "CC-BY-4.0", "cc0-1.0": "CC0-1.0",
        "cc-zero": "CC0-1.0", "odc-odbl": "ODbL-1.0", "odbl-1.0": "ODbL-1.0",
    ]

    /// The licence a register's value names: a known identifier (any spelling above), a known licence's URL, or
    /// any other http(s) URL (its own title); nil for words that name no licence Statlas knows.
    public static func named(_ value: String) -> Licence? {
        let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
        let lowered = trimmed.lowercased()
        let id = aliases[lowered] ?? trimmed
        if let found = known.first(where: { $0.id.lowercased() == id.lowercased() }) { return found }
        let bare = lowered.trimmingCharacters(in: CharacterSet(charactersIn: "/"))
        if let found = known.first(where: {
            $0.url.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "/")) == bare
        }) {
            return found
        }
        if lowered.hasPrefix("https://") || lowered.hasPrefix("http://") {
            return Licence(id: trimmed, title: trimmed, url: trimmed)
        }
        return nil
    }
}
