import type { SliceCreator } from './slice';

/** What the open view wants streamed besides the fleet summary; the live client subscribes to it. */
export interface LiveInterest {
  spacecraft: string[];
  /** Empty streams every parameter of those spacecraft. */
  parameters: string[];
}

export interface LiveSlice {
  interest: LiveInterest;
  setInterest: (interest: LiveInterest) => void;
}

const sameList = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((item, i) => item === b[i]);

export const createLiveSlice: SliceCreator<LiveSlice> = (set, get) => ({
  interest: { spacecraft: [], parameters: [] },
  setInterest: (interest) => {
    const current = get().interest;
    // Views set their interest on every render of an effect; an unchanged one must not resubscribe.
    if (
      sameList(current.spacecraft, interest.spacecraft) &&
      sameList(current.parameters, interest.parameters)
    )
      return;
    set({ interest });
  },
});
