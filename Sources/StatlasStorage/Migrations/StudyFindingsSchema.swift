/// Migration 19: a study's surveys and their responses, memos, findings and participant erasures. Surveys,
/// responses and memos are sealed with `StudyCipher` like documents; findings are disclosure-controlled and, once
/// approved, public, so they are stored in the clear. A participant's erasure leaves a tombstone that `restore`
/// applies again to an older backup.
enum StudyFindingsSchema {
    static func statements(_ engine: Engine) -> [String] {
        [
            """
            CREATE TABLE study_surveys (study_id TEXT NOT NULL REFERENCES studies(id) ON DELETE CASCADE,
              id TEXT NOT NULL, sealed TEXT NOT NULL, created_at TEXT NOT NULL, PRIMARY KEY (study_id, id))
            """,
            """
            CREATE TABLE study_responses (study_id TEXT NOT NULL, survey_id TEXT NOT NULL,
              participant_id TEXT NOT NULL, sealed TEXT NOT NULL, created_at TEXT NOT NULL,
              PRIMARY KEY (study_id, survey_id, participant_id),
              FOREIGN KEY (study_id, survey_id) REFERENCES study_surveys (study_id, id) ON DELETE CASCADE,
              FOREIGN KEY (study_id, participant_id) REFERENCES study_participants (study_id, id) ON DELETE CASCADE)
            """,
            """
            CREATE TABLE study_memos (study_id TEXT NOT NULL REFERENCES studies(id) ON DELETE CASCADE,
              id TEXT NOT NULL, target_kind TEXT NOT NULL, target_id TEXT NOT NULL, author_id TEXT NOT NULL,
              participant_id TEXT, sealed TEXT NOT NULL, created_at TEXT NOT NULL, PRIMARY KEY (study_id, id))
            """,
            "CREATE INDEX study_memos_target ON study_memos (study_id, target_kind, target_id)",
            """
            CREATE TABLE findings (id TEXT PRIMARY KEY, study_id TEXT NOT NULL REFERENCES studies(id) ON DELETE CASCADE,
              status TEXT NOT NULL, sort_title TEXT NOT NULL, participant_id TEXT, body TEXT NOT NULL,
              created_at TEXT NOT NULL, approved_at TEXT)
            """,
            "CREATE INDEX findings_status ON findings (status, approved_at)",
            "CREATE INDEX findings_study ON findings (study_id, status)",
            """
            CREATE TABLE finding_factors (finding_id TEXT NOT NULL REFERENCES findings(id) ON DELETE CASCADE,
              factor_id TEXT NOT NULL, PRIMARY KEY (factor_id, finding_id))
            """,
            """
            CREATE TABLE study_erasures (study_id TEXT NOT NULL, participant_id TEXT NOT NULL,
              erased_at TEXT NOT NULL, PRIMARY KEY (study_id, participant_id))
            """,
        ]
    }
}

/// Migration 20: which documents hold a survey's free-text answers, in the clear (a survey's id says nothing of a
/// participant), so that analyses tell them from interviews without opening every document.
enum StudyDocumentSurveysSchema {
    static func statements(_ engine: Engine) -> [String] {
        ["ALTER TABLE study_documents ADD COLUMN survey_id TEXT"]
    }
}
