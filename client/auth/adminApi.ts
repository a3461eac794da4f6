// The admin endpoints (/api/admin): users, station tokens, kiosk links and the audit log.
import type {
  AuditResponse,
  CreatedUser,
  CreateKioskRequest,
  CreateUserRequest,
  IssuedKioskLink,
  IssuedStationToken,
  KioskLinksResponse,
  StationTokensResponse,
  UpdateUserRequest,
  UserInfo,
  UsersResponse,
} from '../../shared/protocol/auth';
import { apiPath, request, send } from '../api/rest';

const id = encodeURIComponent;

export const adminApi = {
  users: () => request<UsersResponse>('/api/admin/users'),
  createUser: (body: CreateUserRequest) => send<CreatedUser>('POST', '/api/admin/users', body),
  updateUser: (username: string, body: UpdateUserRequest) =>
    send<UserInfo>('PATCH', `/api/admin/users/${id(username)}`, body),
  deleteUser: (username: string) => send<null>('DELETE', `/api/admin/users/${id(username)}`),
  stations: () => request<StationTokensResponse>('/api/admin/stations'),
  issueStationToken: (stationId: string) =>
    send<IssuedStationToken>('POST', `/api/admin/stations/${id(stationId)}/token`),
  revokeStationToken: (stationId: string) =>
    send<null>('DELETE', `/api/admin/stations/${id(stationId)}/token`),
  kiosks: () => request<KioskLinksResponse>('/api/admin/kiosks'),
  createKiosk: (body: CreateKioskRequest) => send<IssuedKioskLink>('POST', '/api/admin/kiosks', body),
  revokeKiosk: (kioskId: string) => send<null>('DELETE', `/api/admin/kiosks/${id(kioskId)}`),
  audit: (limit = 100) => request<AuditResponse>(apiPath('/api/admin/audit', { limit })),
};
