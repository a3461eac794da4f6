// The expression language of derived parameters (docs/mission.md#derived-parameters): parse, check, compile.
export * from './compile';
export { FUNCTIONS, type FunctionDef } from './functions';
export type { Interval } from './interval';
export { UNBOUNDED } from './interval';
export * from './parser';
