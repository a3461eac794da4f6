// Problems found in a mission database, each at a file and line and worded for the mission engineer who owns
// the file. Errors stop a mission from running; notes (a skipped CommandMetaData) only inform.

export type ProblemSeverity = 'error' | 'note';

export interface Problem {
  severity: ProblemSeverity;
  file: string;
  line: number;
  message: string;
}

export function problemAt(
  file: string,
  line: number,
  message: string,
  severity: ProblemSeverity = 'error',
): Problem {
  return { severity, file, line, message };
}

/** The one wording of a construct Ortaq does not read, so a database is never silently misread. */
export function unsupported(construct: string, file: string, line: number): Problem {
  return problemAt(file, line, `unsupported: ${construct} at ${file}:${line}`);
}

/** "file:line: message", except for unsupported constructs whose message already names the place. */
export function formatProblem(problem: Problem): string {
  const place = `${problem.file}:${problem.line}`;
  const prefix = problem.severity === 'note' ? 'note: ' : '';
  return problem.message.endsWith(` at ${place}`)
    ? `${prefix}${problem.message}`
    : `${place}: ${prefix}${problem.message}`;
}

export function hasErrors(problems: readonly Problem[]): boolean {
  return problems.some((problem) => problem.severity === 'error');
}
