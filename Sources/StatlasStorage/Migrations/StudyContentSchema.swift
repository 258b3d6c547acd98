/// Migration 17: a study's participants and documents. What identifies or describes them (attributes, consent,
/// titles, text) is sealed with `StudyCipher`; only ids, pseudonyms, formats and lengths are in the clear.
enum StudyContentSchema {
    static func statements(_ engine: Engine) -> [String] {
        [
            """
            CREATE TABLE study_participants (study_id TEXT NOT NULL REFERENCES studies(id) ON DELETE CASCADE,
              id TEXT NOT NULL, pseudonym TEXT NOT NULL, sealed TEXT NOT NULL, created_at TEXT NOT NULL,
              PRIMARY KEY (study_id, id), UNIQUE (study_id, pseudonym))
            """,
            """
            CREATE TABLE study_documents (study_id TEXT NOT NULL REFERENCES studies(id) ON DELETE CASCADE,
              id TEXT NOT NULL, participant_id TEXT NOT NULL, format TEXT NOT NULL, length INTEGER NOT NULL,
              sealed TEXT NOT NULL, created_at TEXT NOT NULL, PRIMARY KEY (study_id, id),
              FOREIGN KEY (study_id, participant_id) REFERENCES study_participants (study_id, id) ON DELETE CASCADE)
            """,
        ]
    }
}
