// What the simulated stations forward once live (ORTAQ_SIM_LINK): 'packets', one packet a frame with the
// 'frames' event, or 'frames', each spacecraft's fixed-length TM transfer frames with 'tmFrames'.
export const SIM_LINK_MODES = ['packets', 'frames'] as const;
export type SimLinkMode = (typeof SIM_LINK_MODES)[number];
