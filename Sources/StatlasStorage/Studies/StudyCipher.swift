import Crypto
import Foundation
import StatlasCore

/// Encrypts confidential study content at rest (STANDARDS.md S13) with AES-GCM. The key is derived (HKDF-SHA-256)
/// from the audit trail's key, which is kept outside the database (a file beside a SQLite database, or
/// `STATLAS_AUDIT_KEY`), so that neither the raw database file nor a dump holds a phrase of a transcript. Each
/// sealed value is bound to its row (study and item ids as authenticated data), so values cannot be swapped
/// between rows unnoticed.
struct StudyCipher: Sendable {
    let key: SymmetricKey

    init(seal: AuditSeal) {
        key = HKDF<SHA256>.deriveKey(
            inputKeyMaterial: seal.key, info: Data("statlas study content v1".utf8), outputByteCount: 32)
    }

    /// The value sealed for the row: nonce, ciphertext and tag, base64.
    func seal(_ plaintext: Data, study: String, item: String) throws -> String {
        let box = try AES.GCM.seal(plaintext, using: key, authenticating: Data("\(study)\u{1F}\(item)".utf8))
        guard let combined = box.combined else { throw StatlasStorageError.configuration("AES-GCM sealing failed") }
        return combined.base64EncodedString()
    }

    /// The plaintext of a value sealed for this row; throws when it was altered, moved or sealed with another key.
    func open(_ sealed: String, study: String, item: String) throws -> Data {
        guard let data = Data(base64Encoded: sealed) else {
            throw StatlasStorageError.configuration("A study's stored content is not readable")
        }
        return try AES.GCM.open(
            try AES.GCM.SealedBox(combined: data), using: key, authenticating: Data("\(study)\u{1F}\(item)".utf8))
    }

    func seal<T: Encodable>(json value: T, study: String, item: String) throws -> String {
        try seal(try RecordCodec.encoder().encode(value), study: study, item: item)
    }

    func open<T: Decodable>(_ type: T.Type, _ sealed: String, study: String, item: String) throws -> T {
        try RecordCodec.decoder().decode(type, from: try open(sealed, study: study, item: item))
    }
}
