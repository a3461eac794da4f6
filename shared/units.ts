// Branded units and ids: a number that means milliseconds since the Unix epoch cannot be passed where
// seconds or degrees are expected without saying so.
declare const brand: unique symbol;
export type Brand<T, B extends string> = T & { readonly [brand]: B };

/** Milliseconds since 1970-01-01T00:00:00Z (UTC). */
export type EpochMs = Brand<number, 'EpochMs'>;
export type Degrees = Brand<number, 'Degrees'>;
export type Radians = Brand<number, 'Radians'>;

export const epochMs = (ms: number): EpochMs => ms as EpochMs;
export const degrees = (deg: number): Degrees => deg as Degrees;
export const radians = (rad: number): Radians => rad as Radians;

export const DEG_PER_RAD = 180 / Math.PI;
export const toRadians = (deg: number): Radians => radians(deg / DEG_PER_RAD);
export const toDegrees = (rad: number): Degrees => degrees(rad * DEG_PER_RAD);
