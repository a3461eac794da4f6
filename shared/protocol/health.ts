// The health of what Ortaq runs on (archive, cluster bus), as /healthz reports it and as dashboards show it
// in their header ("system alarms"). Documented in docs/operations.md.

/** The parts underneath a node that can fail without ending it. */
export const DEPENDENCIES = ['archive', 'cluster', 'history'] as const;
export type Dependency = (typeof DEPENDENCIES)[number];

/**
 * Why a dependency is degraded.
 * unreachable: the database or Redis refuses or dropped the connection (restart, failover, network).
 * storage_full: the archive's disk is full; frames are refused until space is freed.
 * overloaded: the archive answers too slowly (statement timeouts, every pooled connection busy, the commit
 *   queue at its bound).
 * filling: (history) at a first start the built-in simulator still flies the past into the archive, so
 *   history, passes and alarms of that window are incomplete; live data follows once it reaches the present.
 */
export const DEGRADATION_CAUSES = ['unreachable', 'storage_full', 'overloaded', 'filling'] as const;
export type DegradationCause = (typeof DEGRADATION_CAUSES)[number];

/** One active system alarm: a dependency that is not healthy now. */
export interface SystemCondition {
  dependency: Dependency;
  cause: DegradationCause;
  /** The dependency's own words (driver error message), for the operator and the log. */
  detail: string;
  /** Wall-clock time the condition began, ms since the epoch. */
  sinceMs: number;
  /** How far a `filling` has come: the hours it fills and the percentage done. */
  progress?: { hours: number; percent: number };
}

/** Body of GET /healthz: `ok` with no conditions, else `degraded` with each of them. */
export type HealthReport = { status: 'ok' } | { status: 'degraded'; conditions: SystemCondition[] };
