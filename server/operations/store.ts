// What the operations room keeps: maintenance windows. SQLite (sqliteStore.ts) on one node, PostgreSQL
// (postgres/store.ts) where nodes share a database; nothing else in server/operations knows which one runs.
import type { MaintenanceWindow } from '../../shared/protocol/maintenance';

export interface OperationsStore {
  insertWindow(window: MaintenanceWindow): Promise<void>;
  /** Windows overlapping [fromMs, toMs], by start. */
  windows(fromMs: number, toMs: number): Promise<MaintenanceWindow[]>;
  getWindow(id: string): Promise<MaintenanceWindow | undefined>;
  /** False when there is no such window. */
  deleteWindow(id: string): Promise<boolean>;
  close(): Promise<void>;
}
