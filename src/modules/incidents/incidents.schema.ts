/** Rows owned by the incidents module. */
export interface IncidentsTable {
  id: string;
  type: string;
  /** "exact" (date and time), "day", "month" or "range". */
  date_precision: string;
  /** YYYY-MM-DD, or YYYY-MM-DDTHH:MM for "exact"; the first day of the month for "month". */
  date_start: string;
  /** Only for "range": the last day, YYYY-MM-DD. */
  date_end: string | null;
  /** A gazetteer code (governorate or district). */
  place_code: string;
  latitude: number | null;
  longitude: number | null;
  /** Radius of uncertainty of the coordinates, in metres. */
  precision_m: number | null;
  /** 1 when the coordinates may be shown to the public; 0 withholds them (page, API, exports). */
  coords_public: number;
  original_lang: string;
  /** The documenting group the incident was recorded for, if any. */
  group_id: string | null;
  /** The current grade (confirmed … discounted), null until an editor grades it. */
  grade: string | null;
  created_by: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}

/** Title and narrative per language: the original and translations. */
export interface IncidentTextsTable {
  incident_id: string;
  lang: string;
  title: string;
  narrative: string;
  is_original: number;
  author_id: string | null;
  updated_at: string;
}

/** Casualty figures as ranges: category killed|injured, subgroup total|civilians|children|women. */
export interface IncidentCasualtiesTable {
  incident_id: string;
  category: string;
  subgroup: string;
  min: number;
  max: number;
}

/** The controlled vocabulary of alleged actors, maintained by editors. */
export interface IncidentActorsTable {
  id: string;
  name: string;
  created_by: string | null;
  created_at: string;
}

export interface IncidentActorLinksTable {
  incident_id: string;
  actor_id: string;
}

/** A source cited by an incident: a statement on Sada, an external URL or a media file. */
export interface IncidentSourcesTable {
  id: string;
  incident_id: string;
  /** statement | url | media */
  kind: string;
  /** eyewitness | local_group | medical_record | media_report | official_statement | satellite_imagery | other */
  source_type: string;
  /** independent | same_origin */
  independence: string;
  statement_id: string | null;
  url: string | null;
  /** SHA-256 of the archived copy of `url` (fetched, or a WARC/PDF uploaded by the operator). */
  archive_sha256: string | null;
  archived_at: string | null;
  /** SHA-256 of the media file (kind "media"). */
  media_sha256: string | null;
  captured_at: string | null;
  device_notes: string | null;
  description: string;
  added_by: string | null;
  created_at: string;
}

/** Files kept under <dataDir>/evidence/<sha256>: photos, PDFs, WARCs, archived pages. */
export interface EvidenceFilesTable {
  sha256: string;
  mime: string;
  size: number;
  uploaded_by: string | null;
  created_at: string;
}

/** Every grade given to an incident: who, when, why. Never updated or deleted. */
export interface IncidentGradesTable {
  id: string;
  incident_id: string;
  grade: string;
  previous_grade: string | null;
  rationale: string;
  graded_by: string | null;
  created_at: string;
  /** 1, 2, 3… per incident, in the order grades were given. */
  seq: number;
  /** The incident's revision (version) the grade was given on; null for grades given before revisions were kept. */
  revision: number | null;
}

/** Every saved state of an incident's facts and original text, kept so edits after grading show. */
export interface IncidentRevisionsTable {
  incident_id: string;
  /** The incident's `version` after the save. */
  revision: number;
  /** Canonical JSON: facts, actors, casualties, original title and narrative (see `incidentSnapshot`). */
  snapshot: string;
  changed_by: string | null;
  created_at: string;
}

/** Statements that mention an incident (also shown on the statement's page). */
export interface IncidentStatementsTable {
  incident_id: string;
  statement_id: string;
  added_by: string | null;
  created_at: string;
}

/** Instance settings of the module (admins): "archive_allow_private" = "1" | "0". */
export interface IncidentSettingsTable {
  key: string;
  value: string;
}

export interface IncidentsTables {
  incidents: IncidentsTable;
  incident_texts: IncidentTextsTable;
  incident_casualties: IncidentCasualtiesTable;
  incident_actors: IncidentActorsTable;
  incident_actor_links: IncidentActorLinksTable;
  incident_sources: IncidentSourcesTable;
  evidence_files: EvidenceFilesTable;
  incident_grades: IncidentGradesTable;
  incident_revisions: IncidentRevisionsTable;
  incident_statements: IncidentStatementsTable;
  incident_settings: IncidentSettingsTable;
}
