import type { StateCreator } from 'zustand';
import type { AuthSlice } from '../auth/authSlice';
import type { ConnectionSlice } from './connectionSlice';
import type { TelemetrySlice } from './telemetrySlice';
import type { PrefsSlice } from './prefsSlice';
import type { LiveSlice } from './liveSlice';

export type OrtaqState = ConnectionSlice & TelemetrySlice & PrefsSlice & LiveSlice & AuthSlice;

export type SliceCreator<S> = StateCreator<OrtaqState, [], [], S>;
