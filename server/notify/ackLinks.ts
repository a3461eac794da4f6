// One-time acknowledgement links from notifications. GET only shows a page with a button (mail scanners and
// chat previews open links, and must not acknowledge anything); the POST of that button uses the link once,
// acknowledges the alarm like an operator would, and audits it under the channel's name.
import type { Express, Request, Response } from 'express';
import { z } from 'zod';
import type { Auth } from '../auth';
import { settleAction } from '../api/operations';
import type { ApiServices } from '../api/services';
import { HttpError } from '../api/errors';
import type { Notifier } from './index';
import { ACK_PATH } from './message';

const TOKEN = z.string().regex(/^[A-Za-z0-9_-]{43}$/);

const page = (res: Response, status: number, title: string, body = '') => {
  res
    .status(status)
    .type('html')
    .send(
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="robots" content="noindex">` +
        `<title>Ortaq</title></head><body><h1>${title}</h1>${body}</body></html>`,
    );
};

export function mountAckLinks(
  app: Express,
  notifier: Notifier,
  auth: Auth,
  ctx: Pick<ApiServices, 'clock' | 'alarms' | 'alarmChanged' | 'flush'>,
): void {
  app.get(`${ACK_PATH}:token`, (req: Request, res: Response) => {
    if (!TOKEN.safeParse(req.params.token).success) return page(res, 404, 'No such link');
    res.setHeader('Referrer-Policy', 'no-referrer');
    page(
      res,
      200,
      'Acknowledge this alarm?',
      `<form method="post"><button type="submit">Acknowledge</button></form>` +
        `<p>The link works once. Sign in to Ortaq to see the alarm.</p>`,
    );
  });

  app.post(`${ACK_PATH}:token`, async (req: Request, res: Response) => {
    const token = TOKEN.safeParse(req.params.token);
    const link = token.success ? await notifier.useAckLink(token.data) : undefined;
    if (!link) return page(res, 410, 'This link was used already, has expired, or never existed.');
    const channel = await notifier.store.getChannel(link.channelId);
    const by = `link:${channel?.name ?? link.channelId}`.slice(0, 64);
    const nowMs = ctx.clock.now();
    const result = ctx.alarms.acknowledge(link.alarmId, {
      by,
      atMs: nowMs,
      comment: 'acknowledged from a notification link',
    });
    try {
      await settleAction(ctx, result, 'acknowledged', nowMs);
    } catch (error) {
      if (!(error instanceof HttpError)) throw error;
      return page(res, 409, error.status === 404 ? 'The alarm is closed already.' : 'Acknowledged already.');
    }
    await auth.audit.record(by, 'alarm_ack', link.alarmId, 'one-time notification link');
    page(res, 200, 'Alarm acknowledged.');
  });
}
