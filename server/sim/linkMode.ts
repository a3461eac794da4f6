// What the simulated stations forward once live (ORTAQ_SIM_LINK): 'frames', the default, each spacecraft's
// fixed-length TM transfer frames with 'tmFrames', or 'packets', one packet a frame with the 'frames' event
// (the profile of tests that read each frame as one packet).
export const SIM_LINK_MODES = ['frames', 'packets'] as const;
export const DEFAULT_SIM_LINK: SimLinkMode = 'frames';
export type SimLinkMode = (typeof SIM_LINK_MODES)[number];
