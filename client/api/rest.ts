// Typed REST client: one function per endpoint of the server's /api, payload types from shared/protocol.
import type { Dictionary } from '../../shared/dictionary';
import type { CapacityResponse } from '../../shared/protocol/capacity';
import type {
  AvailabilityPeriod,
  AvailabilityResponse,
  ContactsResponse,
  CoverageResponse,
} from '../../shared/protocol/contacts';
import type { FairShareResponse } from '../../shared/protocol/fairShare';
import type { LedgerKeyResponse, LedgerStatement } from '../../shared/protocol/ledger';
import type {
  AlarmAckRequest,
  AlarmAssignRequest,
  AlarmShelveRequest,
  AlarmsResponse,
  ApiError,
  Alarm,
  EventSeverity,
  EventsResponse,
  FleetResponse,
  HistoryResponse,
  LimitChange,
  LimitChangeRequest,
  LimitRevertRequest,
  ParameterLimitsResponse,
  PassesResponse,
  SpacecraftLimitsResponse,
  SpacecraftDetail,
  StationsResponse,
  UtilizationResponse,
} from '../../shared/protocol';
import { UNAUTHENTICATED } from '../../shared/protocol/auth';
import type {
  CreateMaintenanceRequest,
  MaintenanceResponse,
  MaintenanceWindow,
} from '../../shared/protocol/maintenance';
import type {
  AnnotationsResponse,
  CreateEntryRequest,
  CreateHandoverRequest,
  Handover,
  HandoverDraft,
  HandoversResponse,
  ShiftLogEntry,
  ShiftLogResponse,
} from '../../shared/protocol/shiftlog';
import { ortaqStore } from '../store';

/** A request the server answered with an error status (body per ApiError), or that never got an answer. */
export class ApiRequestError extends Error {
  constructor(
    readonly status: number,
    readonly body: ApiError | null,
  ) {
    super(body ? `${status} ${body.error}` : `HTTP ${status}`);
  }
  /** No HTTP answer at all: the server is down or the network is. */
  get unreachable(): boolean {
    return this.status === 0;
  }
}

type Query = Record<string, string | number | undefined>;

export function apiPath(path: string, query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined) params.set(key, String(value));
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

export async function request<T>(path: string, init?: RequestInit): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, { ...init, headers: { Accept: 'application/json', ...init?.headers } });
  } catch {
    throw new ApiRequestError(0, null);
  }
  const body: unknown = await res.json().catch(() => null);
  // The session ended (expired, revoked, signed out elsewhere): the app shows the login view.
  if (res.status === 401 && (body as ApiError | null)?.error === UNAUTHENTICATED)
    ortaqStore.getState().signedOut();
  if (!res.ok) throw new ApiRequestError(res.status, (body as ApiError | null) ?? null);
  return body as T;
}

/** A request with a method and, when given, a JSON body: the one way every view writes to the API. */
export const send = <T>(method: string, path: string, body?: unknown) =>
  request<T>(path, {
    method,
    ...(body !== undefined && {
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    }),
  });

const post = <T>(path: string, body: unknown) => send<T>('POST', path, body);

const id = encodeURIComponent;

export interface HistoryQuery {
  params: readonly string[];
  from: number;
  to: number;
  maxPoints: number;
}

export const api = {
  dictionary: () => request<Dictionary>('/api/dictionary'),
  fleet: () => request<FleetResponse>('/api/fleet'),
  spacecraft: (spacecraftId: string) => request<SpacecraftDetail>(`/api/spacecraft/${id(spacecraftId)}`),
  history: (spacecraftId: string, q: HistoryQuery) =>
    request<HistoryResponse>(
      apiPath(`/api/spacecraft/${id(spacecraftId)}/history`, {
        params: q.params.join(','),
        from: Math.round(q.from),
        to: Math.round(q.to),
        maxPoints: Math.max(2, Math.round(q.maxPoints)),
      }),
    ),
  stations: () => request<StationsResponse>('/api/stations'),
  passes: (q: { from: number; to: number; spacecraft?: string; station?: string }) =>
    request<PassesResponse>(apiPath('/api/passes', q)),
  /** "open" (default): active or unacknowledged; "all": the archive, newest first. */
  alarms: (q: { scope?: 'open' | 'all'; spacecraft?: string; limit?: number } = {}) =>
    request<AlarmsResponse>(apiPath('/api/alarms', q)),
  acknowledge: (alarmId: string, body: AlarmAckRequest) =>
    post<Alarm>(`/api/alarms/${id(alarmId)}/ack`, body),
  shelve: (alarmId: string, body: AlarmShelveRequest) =>
    post<Alarm>(`/api/alarms/${id(alarmId)}/shelve`, body),
  /** Assigns the alarm to a user, or releases it (`to: null`). */
  assign: (alarmId: string, body: AlarmAssignRequest) =>
    post<Alarm>(`/api/alarms/${id(alarmId)}/assign`, body),
  events: (q: { from?: number; to?: number; spacecraft?: string; severity?: EventSeverity }) =>
    request<EventsResponse>(apiPath('/api/events', q)),
  utilization: (q: { from: number; to: number }) =>
    request<UtilizationResponse>(apiPath('/api/utilization', q)),
  /** The spacecraft's limits changed at run time that are in force, one per parameter. */
  spacecraftLimits: (spacecraftId: string) =>
    request<SpacecraftLimitsResponse>(`/api/spacecraft/${id(spacecraftId)}/limits`),
  fairShare: (q: { from: number; to: number }) => request<FairShareResponse>(apiPath('/api/fairshare', q)),
  capacity: (q: { from: number; to: number }) => request<CapacityResponse>(apiPath('/api/capacity', q)),
  /** Contact records of passes whose AOS is in [from, to] (the caller's spacecraft only). */
  contacts: (q: { from: number; to: number; spacecraft?: string; station?: string }) =>
    request<ContactsResponse>(apiPath('/api/contacts', q)),
  availability: (q: { from: number; to: number; period: AvailabilityPeriod }) =>
    request<AvailabilityResponse>(apiPath('/api/contacts/availability', q)),
  coverage: (q: { from: number; to: number }) =>
    request<CoverageResponse>(apiPath('/api/contacts/coverage', q)),
  ledgerKey: () => request<LedgerKeyResponse>('/api/ledger/key'),
  /** The signed statement of a partner pair for a month (YYYY-MM). */
  statement: (q: { month: string; partners: string }) =>
    request<LedgerStatement>(apiPath('/api/ledger/statement', q)),
  /** Windows overlapping [from, to]; default: those not over yet. */
  maintenance: (q: { from?: number; to?: number } = {}) =>
    request<MaintenanceResponse>(apiPath('/api/maintenance', q)),
  planMaintenance: (body: CreateMaintenanceRequest) => post<MaintenanceWindow>('/api/maintenance', body),
  removeMaintenance: (windowId: string) =>
    request<null>(`/api/maintenance/${id(windowId)}`, { method: 'DELETE' }),
  /** Entries written in [from, to] (default: the last day) the partner may read, newest first. */
  shiftLog: (q: { from?: number; to?: number; spacecraft?: string; limit?: number } = {}) =>
    request<ShiftLogResponse>(apiPath('/api/shiftlog', q)),
  writeEntry: (body: CreateEntryRequest) => post<ShiftLogEntry>('/api/shiftlog', body),
  /** Logged ranges and alarm onsets of a spacecraft overlapping [from, to]. */
  annotations: (q: { spacecraft: string; from: number; to: number }) =>
    request<AnnotationsResponse>(
      apiPath('/api/annotations', { ...q, from: Math.floor(q.from), to: Math.ceil(q.to) }),
    ),
  handovers: () => request<HandoversResponse>('/api/handovers'),
  handoverDraft: () => request<HandoverDraft>('/api/handovers/draft'),
  handOver: (body: CreateHandoverRequest) => post<Handover>('/api/handovers', body),
  acceptHandover: (handoverId: string) => post<Handover>(`/api/handovers/${id(handoverId)}/accept`, {}),
  parameterLimits: (spacecraftId: string, parameterId: string) =>
    request<ParameterLimitsResponse>(limitsPath(spacecraftId, parameterId)),
  changeLimits: (spacecraftId: string, parameterId: string, body: LimitChangeRequest) =>
    post<LimitChange>(limitsPath(spacecraftId, parameterId), body),
  revertLimits: (spacecraftId: string, parameterId: string, body: LimitRevertRequest) =>
    post<LimitChange>(`${limitsPath(spacecraftId, parameterId)}/revert`, body),
};

function limitsPath(spacecraftId: string, parameterId: string): string {
  return `/api/spacecraft/${id(spacecraftId)}/limits/${id(parameterId)}`;
}
