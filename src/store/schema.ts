/** The `flows` table: one row per declared flow id. */
export interface FlowsTable {
  id: string;
  tenant: string;
  latest_version: number;
  created_at: string;
  updated_at: string;
}

/** The `flow_versions` table: every declared version of every flow, never updated or deleted. */
export interface FlowVersionsTable {
  flow_id: string;
  version: number;
  declared_at: string;
  /** The flow's `date` (the day whose law applies). */
  flow_date: string;
  exporter_country: string;
  recipient_country: string;
  /** SHA-256 (hex) of the normalised declaration, to recognise a re-declaration of the same content. */
  content_hash: string;
  /** The declaration as received (YAML or JSON text). */
  source_text: string;
  source_format: string;
  /** The normalised declaration, as JSON text. */
  normalised: string;
}

/** Every table of the store, for Kysely. */
export interface Database {
  flows: FlowsTable;
  flow_versions: FlowVersionsTable;
}
