// The notification endpoints under /api/admin/channels: channels and their delivery log.
import type {
  ChannelInfo,
  ChannelsResponse,
  CreateChannelRequest,
  CreatedChannel,
  DeliveriesResponse,
  UpdateChannelRequest,
} from '../../../shared/protocol/notify';
import { apiPath, request, send } from '../../api/rest';

export const channelsApi = {
  list: () => request<ChannelsResponse>('/api/admin/channels'),
  create: (body: CreateChannelRequest) => send<CreatedChannel>('POST', '/api/admin/channels', body),
  update: (id: string, body: UpdateChannelRequest) =>
    send<ChannelInfo>('PATCH', `/api/admin/channels/${encodeURIComponent(id)}`, body),
  remove: (id: string) => send<null>('DELETE', `/api/admin/channels/${encodeURIComponent(id)}`),
  deliveries: (limit = 50) =>
    request<DeliveriesResponse>(apiPath('/api/admin/channels/deliveries', { limit })),
};
