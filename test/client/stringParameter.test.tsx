// A string parameter on the dashboard: its current value reads as the text the live sample or the snapshot
// carries (never its code, never translated as a state name), its history as a list of texts, its CSV value
// as the text.
import { screen, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { textCode, type ParameterDef } from '../../shared/dictionary';
import type { HistorySeries, ParameterValue } from '../../shared/protocol';
import { historyCsv } from '../../client/lib/exportFiles';
import { ortaqStore } from '../../client/store';
import { CurrentValues } from '../../client/views/Spacecraft/CurrentValues';
import { TextHistory } from '../../client/views/Investigate/TextHistory';
import { T0 } from '../fixtures/dashboard';
import { renderInRouter, seedStore } from '../helpers/client';

const FILE: ParameterDef = {
  id: 'imager.last_file',
  name: 'Last image file',
  subsystem: 'PAYLOAD',
  type: 'f64',
  scale: 1,
  offset: 0,
  string: { sizeBytes: 16 },
  unit: '',
};
const SC = 'kazeosat-1';

const snapshotValue = (text: string, timeMs: number): ParameterValue => ({
  parameterId: FILE.id,
  timeMs,
  raw: textCode(text),
  value: textCode(text),
  text,
  limit: { level: 'nominal' },
});

describe('a string parameter on the dashboard', () => {
  beforeEach(() => seedStore());

  it('shows the text of the newest value, from the snapshot or the live stream', async () => {
    const view = renderInRouter(
      <CurrentValues spacecraftId={SC} parameters={[FILE]} snapshot={[snapshotValue('IMG_0001', T0)]} />,
    );
    const cell = () => within(view.getByTestId('current-values')).getAllByRole('cell')[0]!;
    expect(cell().textContent).toBe('IMG_0001');
    // A live sample after it: its text, not its code. A text that is also a state's name stays as sent.
    ortaqStore.getState().samples.ingest([
      {
        spacecraftId: SC,
        parameterId: FILE.id,
        t: T0 + 1000,
        v: textCode('SAFE'),
        limit: { level: 'nominal' },
        text: 'SAFE',
      },
    ]);
    await expect.poll(() => cell().textContent, { timeout: 2000 }).toBe('SAFE');
  });

  it('shows no limit verdict for a text, a time or an enumeration without alarm states, as for none', () => {
    const TIME: ParameterDef = { ...FILE, id: 'obc.last_sync', string: undefined, time: { epoch: 'UNIX' } };
    const MODE: ParameterDef = { ...FILE, id: 'obc.mode', string: undefined, states: ['IDLE', 'IMAGING'] };
    const ALARMED: ParameterDef = {
      ...MODE,
      id: 'obc.safe_mode',
      states: ['OFF', 'ON'],
      alarmStates: { 1: 'red' },
    };
    const VOLTS: ParameterDef = { ...FILE, id: 'eps.bus_voltage', string: undefined, unit: 'V' };
    const value = (parameterId: string): ParameterValue => ({
      parameterId,
      timeMs: T0,
      raw: 0,
      value: 0,
      limit: { level: 'nominal' },
    });
    const parameters = [FILE, TIME, MODE, ALARMED, VOLTS];
    const view = renderInRouter(
      <CurrentValues
        spacecraftId={SC}
        parameters={parameters}
        snapshot={parameters.map((p) => value(p.id))}
      />,
    );
    const badged = within(within(view.container).getByTestId('current-values'))
      .getAllByRole('row')
      .filter((row) => row.querySelector('[data-level]'))
      .map((row) => row.getAttribute('data-param'));
    // A measured value may get limits at run time: its nominal verdict stands.
    expect(badged).toEqual([ALARMED.id, VOLTS.id]);
  });

  it('lists its history newest first as runs of one text, and says where a cut series starts', () => {
    const series: HistorySeries = {
      parameterId: FILE.id,
      downsampled: true,
      points: [
        { t: T0, v: textCode('IMG_0001'), min: 0, max: 0, n: 3, text: 'IMG_0001' },
        { t: T0 + 3000, v: textCode('<b>IMG</b>'), min: 0, max: 0, n: 1, text: '<b>IMG</b>', playback: true },
      ],
      startsAtMs: T0,
    };
    renderInRouter(<TextHistory spacecraftId={SC} parameter={FILE} series={series} />);
    const rows = within(screen.getByTestId('text-history')).getAllByRole('row').slice(1);
    expect(
      rows.map((r) =>
        within(r)
          .getAllByRole('cell')
          .map((c) => c.textContent),
      ),
    ).toEqual([
      ['25/11/2026 12:00:03 UTC (playback)', '<b>IMG</b>', '1'],
      ['25/11/2026 12:00:00 UTC', 'IMG_0001', '3'],
    ]);
    // Markup in a text is text.
    expect(screen.queryByText('IMG', { selector: 'b' })).toBeNull();
    expect(screen.getByTestId('text-history-starts').textContent).toContain('25/11/2026 12:00:00 UTC');
  });

  it('exports its text as the CSV value, without a minimum or maximum', () => {
    const csv = historyCsv(
      [
        {
          spacecraftId: SC,
          from: T0,
          to: T0 + 1000,
          series: [
            {
              parameterId: FILE.id,
              downsampled: false,
              points: [{ t: T0, v: textCode('a,"b"'), min: 1, max: 1, n: 1, text: 'a,"b"' }],
            },
          ],
        },
      ],
      () => '',
    );
    expect(csv.split('\r\n')[1]).toBe(`2026-11-25T12:00:00.000Z,${T0},${SC},${FILE.id},"a,""b""",,,,1,false`);
  });
});
