// Pure orbit mechanics shared by the server (pass schedule), the simulator and the dashboard (map).
export * from './groundTrack';
export * from './lookAngles';
export * from './passes';
export * from './propagate';
export * from './sun';
export * from './time';
export * from './tle';
export * from './vector';
