// How a mission's XTCE makes packets of the live path: where the APID is in its packet container, which APID
// each concrete container is chosen by, and which parameters a packet shows. The mission check (fromXtce.ts),
// the live decoder (frameDecoder.ts) and the simulator's encoder (frameEncoder.ts) read packets through
// these, so they agree on what a packet is.
import { UNIX_CUC_4_2, type CucFormat } from '../time/cuc';
import type { XtceContainer, XtceEntry, XtceParameter } from '../xtce/database';
import type { Located } from '../xtce/model';

/**
 * AncillaryData on the packet container: "archive" when it describes the packet time as Ortaq archives it
 * (4+2 octets of Unix time) rather than as the link flies it, so one file serves spacecraft of several
 * time codes (Ortaq's own ortaq.xml).
 */
export const TIME_ANCILLARY = 'ortaq.time';
const TIME_FORMS = ['archive', 'link'];

/**
 * The time code the packet container describes right after the primary header: the link's (CCSDS 133.0-B
 * secondary header, 301.0-B CUC), or the archive's when the container says so.
 */
export function describedTimeCode(header: XtceContainer, link: CucFormat): CucFormat {
  return header.ancillary[TIME_ANCILLARY] === 'archive' ? UNIX_CUC_4_2 : link;
}

/** The CCSDS primary header (133.0-B): the APID is the 11 bits after version (3), type (1) and flag (1). */
export const PRIMARY_HEADER_BITS = 48;
const APID_BIT = 5;
const APID_BITS = 11;

export interface HeaderLayout {
  /** The parameter the packet container reads the APID into. */
  apid?: XtceParameter;
  /** Bits of the packet container: the primary header and the secondary header that follows it. */
  bits: number;
  problems: { loc: Located; message: string }[];
}

/** Reads the packet container: its fields' positions, the APID among them. */
export function headerLayout(header: XtceContainer): HeaderLayout {
  const layout: HeaderLayout = { bits: 0, problems: [] };
  let end = 0;
  for (const entry of header.entries) {
    if (entry.kind !== 'parameter' || entry.include) {
      layout.problems.push({
        loc: entry.loc,
        message: `${header.name} must list its header fields as parameters without conditions: every packet starts with it`,
      });
      return layout;
    }
    const at = (entry.location?.reference === 'containerStart' ? 0 : end) + (entry.location?.bits ?? 0);
    const bits = entry.parameter.type.encoding.sizeInBits;
    if (at === APID_BIT && bits === APID_BITS && entry.parameter.type.encoding.kind === 'integer')
      layout.apid = entry.parameter;
    end = at + bits;
    layout.bits = Math.max(layout.bits, end);
  }
  const form = header.ancillary[TIME_ANCILLARY];
  if (form !== undefined && !TIME_FORMS.includes(form)) {
    layout.problems.push({
      loc: header.loc,
      message: `${TIME_ANCILLARY} of ${header.name} is "${form}"; it must be archive or link`,
    });
  }
  if (!layout.apid || layout.bits < PRIMARY_HEADER_BITS) {
    layout.problems.push({
      loc: header.loc,
      message: `${header.name} must start with the CCSDS primary header (${PRIMARY_HEADER_BITS} bits, the ${APID_BITS}-bit APID at bit ${APID_BIT}) that every space packet starts with`,
    });
  }
  return layout;
}

/** Containers from just below `header` down to `container`, top first. */
export function chainBelow(container: XtceContainer, header: XtceContainer): XtceContainer[] {
  const chain: XtceContainer[] = [];
  for (let c: XtceContainer | undefined = container; c && c !== header; c = c.base?.container)
    chain.unshift(c);
  return chain;
}

/**
 * The APID a concrete container is chosen by: an == comparison of the APID among the restriction criteria of
 * the container or of the containers between it and the packet container. Other comparisons (a packet id in
 * the secondary header, say) choose among packets of one APID. Undefined when no comparison fixes the APID.
 */
export function apidOfContainer(
  container: XtceContainer,
  header: XtceContainer,
  apid: XtceParameter,
): number | undefined {
  for (const c of chainBelow(container, header).reverse()) {
    for (const comparison of c.base?.restriction ?? []) {
      if (
        comparison.parameter === apid &&
        comparison.operator === '==' &&
        typeof comparison.value === 'number'
      )
        return comparison.value;
    }
  }
  return undefined;
}

/** The entries a container includes by reference, with its bases' first. */
function withBases(container: XtceContainer): XtceEntry[] {
  const chain: XtceContainer[] = [];
  for (let c: XtceContainer | undefined = container; c; c = c.base?.container) chain.unshift(c);
  return chain.flatMap((c) => c.entries);
}

export interface PacketField {
  parameter: XtceParameter;
  /** Where the entry that reads it is written. */
  loc: Located;
}

/**
 * The parameters a packet shows: its container's own entries in order, those of a referenced container in
 * its place. Parameters of the packet container and of containers between it and the packet are read (they
 * may choose the packet) but belong to no one packet, so they are not shown.
 */
export function packetFields(container: XtceContainer): PacketField[] {
  const fields: PacketField[] = [];
  const visit = (entries: readonly XtceEntry[], depth: number) => {
    for (const entry of entries) {
      if (entry.kind === 'parameter') fields.push({ parameter: entry.parameter, loc: entry.loc });
      // The resolver refuses containers that include themselves; the depth bound is a second guard.
      else if (depth < 16) visit(withBases(entry.container), depth + 1);
    }
  };
  visit(container.entries, 0);
  return fields;
}

/**
 * True when every packet of the container reads the same parameters in the same order (no include
 * condition or container reference from the packet container down): then the packet's values are the last
 * ones read, and the decoder takes them as they are.
 */
export function readsFixedList(container: XtceContainer, header: XtceContainer): boolean {
  return [header, ...chainBelow(container, header)].every((c) =>
    c.entries.every((e) => e.kind === 'parameter' && !e.include),
  );
}
