import Foundation

/// Text made safe for logs (STANDARDS.md S12): email addresses, API tokens, session and CSRF tokens and
/// passwords in key=value form are replaced, and newlines and other control characters are escaped so
/// that no one can forge log lines.
public enum LogSafe {
    /// The text with secrets and personal data replaced and control characters escaped.
    public static func text(_ raw: String) -> String {
        var result = raw.replacing(/[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}/, with: "[email]")
        result = result.replacing(/stl_[0-9a-fA-F]{16,}/, with: "[token]")
        result = result.replacing(/\b[0-9a-fA-F]{40,}\b/, with: "[secret]")
        result = result.replacing(/(?i)(password|passwd|token|cookie|authorization|csrf)([=:]\s*)[^\s&,;]+/) { match in
            match.output.1 + match.output.2 + "[redacted]"
        }
        return escapeControls(result)
    }

    /// An error's description, made safe.
    public static func describe(_ error: any Error) -> String { text(String(reflecting: error)) }

    static func escapeControls(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.properties.generalCategory == .control || scalar.value == 0x2028 || scalar.value == 0x2029 {
                    out += String(format: "\\u{%04X}", scalar.value)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }
}
