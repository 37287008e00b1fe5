import { expect } from 'chai';
import { parseMemoryMapping, placementOf } from '../../src/estimate/memory-map.js';

// Lines as Yosys 0.23 and 0.55 print them (memory_libmap), one per memory.
const LOG = `
17.29. Executing MEMORY_LIBMAP pass (mapping memories to cells).
mapping memory siman_top.u_f0.mem via $__XILINX_LUTRAM_SDP_
Extracted data FF from read port 0 of siman_top.u_f0.mem: $\\u_f0.mem$rdreg[0]
using FF mapping for memory siman_top.u_l0.u_crom.g_auto.mem
mapping memory siman_top.u_l0.u_wrom.genblk1.g_block.mem via $__XILINX_BLOCKRAM_SDP_
mapping memory siman_top.u_l1.u_wrom.g_auto.mem via $__ICE40_RAM4K_
mapping memory siman_top.u_l2.u_wrom.g_auto.mem via $__TRELLIS_DPR16X4_
mapping memory siman_top.u_l3.u_wrom.g_auto.mem via $__ECP5_DP16KD_
`;

describe('memory placement from the Yosys log', () => {
  const mems = parseMemoryMapping(LOG);
  it('classifies block RAM, LUT RAM and logic (FF mapping)', () => {
    expect(mems.map((m) => [m.name, m.placement])).to.deep.equal([
      ['siman_top.u_f0.mem', 'lutram'],
      ['siman_top.u_l0.u_crom.g_auto.mem', 'logic'],
      ['siman_top.u_l0.u_wrom.genblk1.g_block.mem', 'bram'],
      ['siman_top.u_l1.u_wrom.g_auto.mem', 'bram'],
      ['siman_top.u_l2.u_wrom.g_auto.mem', 'lutram'],
      ['siman_top.u_l3.u_wrom.g_auto.mem', 'bram'],
    ]);
  });
  it('finds a memory below an instance path, through generate blocks, and not below a longer name', () => {
    expect(placementOf(mems, 'siman_top', 'u_l0.u_wrom')).to.equal('bram');
    expect(placementOf(mems, 'siman_top', 'u_l0.u_crom')).to.equal('logic');
    expect(placementOf(mems, 'siman_top', 'u_l1.u_wrom')).to.equal('bram');
    expect(placementOf(mems, 'siman_top', 'u_l4.u_wrom')).to.equal(null);
    expect(placementOf(parseMemoryMapping('using FF mapping for memory siman_top.u_l10.u_wrom.g_auto.mem'), 'siman_top', 'u_l1.u_wrom')).to.equal(null);
  });
});
