// What the operations room keeps: maintenance windows, the shift log and its handovers. SQLite
// (sqliteStore.ts) on one node, PostgreSQL (postgres/store.ts) where nodes share a database; nothing else in
// server/operations knows which one runs.
import type { PartnerId } from '../../shared/dictionary';
import type { MaintenanceWindow } from '../../shared/protocol/maintenance';
import type { Handover, ShiftLogEntry } from '../../shared/protocol/shiftlog';

export interface MaintenanceStore {
  insertWindow(window: MaintenanceWindow): Promise<void>;
  /** Windows overlapping [fromMs, toMs], by start. */
  windows(fromMs: number, toMs: number): Promise<MaintenanceWindow[]>;
  getWindow(id: string): Promise<MaintenanceWindow | undefined>;
  /** False when there is no such window. */
  deleteWindow(id: string): Promise<boolean>;
}

export interface EntryQuery {
  /** `written`: entries written in [fromMs, toMs]; `range`: entries whose range overlaps it. */
  by: 'written' | 'range';
  fromMs: number;
  toMs: number;
  /** Only entries concerning this spacecraft… */
  spacecraftId?: string;
  /** …or concerning no spacecraft at all (fleet-wide notes belong on every chart). */
  orFleetWide?: boolean;
  /**
   * Only entries every spacecraft of which is among these (a partner's view), applied before the limit;
   * absent: all.
   */
  visibleSpacecraft?: readonly string[];
  /** Newest first (by time written, or by the range's end), at most this many. */
  limit: number;
}

/** A handover as stored: the entries it lists by id, read back through the partner's view. */
export type StoredHandover = Omit<Handover, 'entries'> & { entryIds: string[] };

export interface ShiftLogStore {
  insertEntry(entry: ShiftLogEntry): Promise<void>;
  entries(query: EntryQuery): Promise<ShiftLogEntry[]>;
  /** The entries of these ids that exist, newest first. */
  entriesByIds(ids: readonly string[]): Promise<ShiftLogEntry[]>;
  insertHandover(handover: StoredHandover): Promise<void>;
  /** The partner's handovers, newest first. */
  handovers(partner: PartnerId, limit: number): Promise<StoredHandover[]>;
  getHandover(id: string): Promise<StoredHandover | undefined>;
  /** Records who accepted; false when the handover does not exist or was accepted already (once, cluster-wide). */
  acceptHandover(id: string, by: string, atMs: number): Promise<boolean>;
}

export interface OperationsStore extends MaintenanceStore, ShiftLogStore {
  close(): Promise<void>;
}
