/**
 * Groups related anomalies across entities into incidents with a ranked root cause. Pure.
 */

/** One incident: anomalies of one or more entities that started within minutes of each other. */
export interface Incident {
  incident_id: string;
  start: string;
  end: string;
  /** Entities involved, root-cause candidates first (rank order). */
  entities: string[];
  /** Entity ranked first as the likely root cause. */
  root_cause: string;
  /** Ranked candidates with the reasons behind the rank. */
  ranking: { entity: string; rank: number; onset: string; severity: number; lead_score: number }[];
  anomaly_ids: string[];
  explanation: string;
}
