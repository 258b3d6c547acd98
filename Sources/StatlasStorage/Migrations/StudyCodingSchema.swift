/// Migration 18: a study's codebook and its coders' codings (segments of documents, in Unicode scalars). Codes and
/// positions say nothing of a participant, so they are stored in the clear; the text they point into is sealed.
enum StudyCodingSchema {
    static func statements(_ engine: Engine) -> [String] {
        [
            """
            CREATE TABLE study_codes (study_id TEXT NOT NULL REFERENCES studies(id) ON DELETE CASCADE,
              id TEXT NOT NULL, name TEXT NOT NULL, body TEXT NOT NULL, created_at TEXT NOT NULL,
              PRIMARY KEY (study_id, id))
            """,
            """
            CREATE TABLE study_codings (study_id TEXT NOT NULL REFERENCES studies(id) ON DELETE CASCADE,
              id TEXT NOT NULL, document_id TEXT NOT NULL, code_id TEXT NOT NULL,
              coder_id TEXT NOT NULL REFERENCES users(id), start_at INTEGER NOT NULL, end_at INTEGER NOT NULL,
              created_at TEXT NOT NULL, PRIMARY KEY (study_id, id),
              FOREIGN KEY (study_id, document_id) REFERENCES study_documents (study_id, id) ON DELETE CASCADE,
              FOREIGN KEY (study_id, code_id) REFERENCES study_codes (study_id, id) ON DELETE CASCADE)
            """,
            "CREATE INDEX study_codings_document ON study_codings (study_id, document_id, code_id, coder_id)",
        ]
    }
}
