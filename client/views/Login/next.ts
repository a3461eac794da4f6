// Where to go after signing in: only a path of this dashboard, so a crafted link cannot send a user to
// another site (`//evil.example`) or back to the login form.
export const DEFAULT_VIEW = '/fleet';

export function safeNext(next: string | null): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return DEFAULT_VIEW;
  if (next === '/login' || next.startsWith('/login?')) return DEFAULT_VIEW;
  return next;
}

export const loginPathFor = (pathname: string, search: string): string =>
  `/login?next=${encodeURIComponent(pathname + search)}`;
