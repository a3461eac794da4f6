// The simulator's seeded random numbers live in shared/random.ts (the mission generator draws from them too).
export * from '../../../shared/random';
