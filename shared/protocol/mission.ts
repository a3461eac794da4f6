// POST /api/admin/mission/reload: the answer once the mission folder passed the check and the running
// instance is being replaced by one built from it. A mission that cannot run is refused with 422
// { error: 'invalid_mission', detail: string[] } (the check's messages) and nothing changes.

export interface MissionReloadResponse {
  /** What the new mission declares, by id. */
  partners: string[];
  stations: string[];
  spacecraft: string[];
  /** The server closes its sockets after this long and listens again on the same address once rebuilt. */
  restartInMs: number;
}
