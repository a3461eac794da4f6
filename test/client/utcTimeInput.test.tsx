import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { formatUtcInput, parseUtcInput } from '../../client/lib/utcInput';
import { UtcTimeInput } from '../../client/views/Investigate/UtcTimeInput';

const T = Date.UTC(2026, 10, 25, 19, 21);

describe('UTC time text', () => {
  it('formats in ISO order with a 24-hour clock and reads its own output back', () => {
    expect(formatUtcInput(T)).toBe('2026-11-25 19:21');
    expect(parseUtcInput(formatUtcInput(T))).toBe(T);
  });

  it('accepts a T separator, seconds and a UTC marker', () => {
    expect(parseUtcInput('2026-11-25T19:21')).toBe(T);
    expect(parseUtcInput(' 2026-11-25 19:21:30 UTC ')).toBe(T + 30_000);
    expect(parseUtcInput('2026-11-25T19:21Z')).toBe(T);
  });

  it('refuses local-looking, partial and impossible times instead of guessing', () => {
    for (const text of ['11/25/2026, 07:21 PM', '2026-11-25', '2026-02-30 10:00', '2026-11-25 24:00', '']) {
      expect(parseUtcInput(text), text).toBeNull();
    }
  });
});

describe('UtcTimeInput', () => {
  afterEach(cleanup);

  it('applies a typed time on Enter and marks text that is not a time without applying it', () => {
    const onCommit = vi.fn();
    render(<UtcTimeInput label="From" valueMs={T} onCommit={onCommit} />);
    const input = screen.getByLabelText('From') as HTMLInputElement;
    expect(input.value).toBe('2026-11-25 19:21');

    fireEvent.focus(input);
    fireEvent.change(input, { target: { value: '25.11.2026 18:00' } });
    fireEvent.keyDown(input, { key: 'Enter' });
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(onCommit).not.toHaveBeenCalled();

    fireEvent.change(input, { target: { value: '2026-11-25 18:00' } });
    fireEvent.keyDown(input, { key: 'Enter' });
    expect(onCommit).toHaveBeenCalledWith(Date.UTC(2026, 10, 25, 18, 0));
    expect(input.getAttribute('aria-invalid')).toBe('false');
  });

  it('follows a moving value while idle but keeps what is being typed', () => {
    const { rerender } = render(<UtcTimeInput label="To" valueMs={T} onCommit={() => undefined} />);
    const input = screen.getByLabelText('To') as HTMLInputElement;
    rerender(<UtcTimeInput label="To" valueMs={T + 60_000} onCommit={() => undefined} />);
    expect(input.value).toBe('2026-11-25 19:22');

    fireEvent.focus(input);
    fireEvent.change(input, { target: { value: '2026-11-2' } });
    rerender(<UtcTimeInput label="To" valueMs={T + 120_000} onCommit={() => undefined} />);
    expect(input.value).toBe('2026-11-2');
    fireEvent.keyDown(input, { key: 'Escape' });
    expect(input.value).toBe('2026-11-25 19:23');
  });
});
