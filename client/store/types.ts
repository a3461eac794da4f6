import type { AuthSlice } from './authSlice';
import type { ConnectionSlice } from './connectionSlice';
import type { TelemetrySlice } from './telemetrySlice';
import type { PrefsSlice } from './prefsSlice';
import type { LiveSlice } from './liveSlice';

export type OrtaqState = ConnectionSlice & TelemetrySlice & PrefsSlice & LiveSlice & AuthSlice;
