// REST: reload of the mission folder by an admin. The check runs first: a mission that cannot run is refused
// with its messages (422) and the running one keeps serving; otherwise the answer lists what the new mission
// declares and the server rebuilds itself from it moments later (server/mission/reloader.ts).
import type { MissionReloadResponse } from '../../shared/protocol/mission';
import { HttpError } from './errors';
import { asParsed, defineRoute, type ApiRoute } from './route';
import type { ApiServices } from './services';

export function missionRoutes(api: ApiServices): ApiRoute[] {
  return [
    defineRoute({
      method: 'post',
      path: '/api/admin/mission/reload',
      permission: ['admin:mission'],
      resolve: asParsed,
      audit: {
        action: 'mission_reload',
        target: () => null,
        detail: (_input, body: MissionReloadResponse) =>
          `${body.spacecraft.length} spacecraft, ${body.stations.length} stations, ` +
          `${body.partners.length} partners`,
      },
      handle: () => {
        if (!api.missionReloader) {
          throw new HttpError(404, 'reload_unavailable', 'this server was not started from a mission folder');
        }
        const outcome = api.missionReloader.reload();
        if (!outcome.ok) throw new HttpError(outcome.status, outcome.code, outcome.messages);
        return { status: 202, json: outcome.response };
      },
    }),
  ];
}
