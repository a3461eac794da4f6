// Who a /live socket sends to, as far as the hub needs to know: sockets with the same audience key may receive
// the very same update, and `prepare` is the last step every update takes before the wire (the auth layer sets
// it to the constellation agreement's filter). A socket without an audience is sent nothing.
import type { LiveUpdate } from '../../shared/protocol/live';

export interface LiveAudience {
  /** Equal keys promise equal `prepare` results for equal updates. */
  key: string;
  prepare(update: LiveUpdate): LiveUpdate;
}
