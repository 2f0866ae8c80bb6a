import { describe, expect, it } from 'vitest';
import { lookupVendor, normalizeMac } from '../../../src/system/network/oui.js';

describe('MAC vendor from the offline OUI registry (§5.2)', () => {
  it('finds MA-L vendors in any common spelling', () => {
    expect(lookupVendor('00:1b:21:aa:00:10')).toEqual({ vendor: 'Intel Corporate', macRandomized: false });
    expect(lookupVendor('00-1B-21-AA-00-10').vendor).toBe('Intel Corporate');
    expect(lookupVendor('001b.21aa.0010').vendor).toBe('Intel Corporate');
  });

  it('prefers the longer MA-M / MA-S block over the IEEE parent', () => {
    // 10:06:48 is an MA-L of the IEEE Registration Authority, split into MA-M blocks.
    expect(lookupVendor('10:06:48:00:00:01').vendor).toBe('FLEXTRONICS TECHNOLOGIES (INDIA) PVT LTD');
    expect(lookupVendor('10:06:48:10:00:01').vendor).toBe('KYTRONICS');
  });

  it('flags locally administered MACs as randomized, with no vendor', () => {
    expect(lookupVendor('02:00:5e:10:00:11')).toEqual({ vendor: null, macRandomized: true });
    expect(lookupVendor('da:a1:19:00:00:01')).toEqual({ vendor: null, macRandomized: true });
  });

  it('gives nothing for unknown or malformed MACs', () => {
    expect(lookupVendor('not a mac')).toEqual({ vendor: null, macRandomized: false });
    expect(normalizeMac('00:1b:21:aa:00')).toBeNull();
    expect(normalizeMac('00:1B:21:AA:00:10')).toBe('00:1b:21:aa:00:10');
  });
});
