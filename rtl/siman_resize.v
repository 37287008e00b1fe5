// siman_resize: fit a partial sum into the accumulator width.
//
// Purpose   out = in modulo 2^OW (IW >= OW: the planner sizes OW so every
//           final sum fits, and sums wrap harmlessly on the way), or in
//           extended to OW bits (sign-extended when SIGNED = 1).
//           Shared by siman_mvu (partial sums) and siman_hwlane (lane sums).
// Params    IW, OW  input and output widths, >= 1
//           SIGNED  1: `in` is two's complement
// Latency   0 (combinational).
`default_nettype none

module siman_resize #(
  parameter integer IW = 8,
  parameter integer OW = 8,
  parameter integer SIGNED = 0
) (
  input  wire [IW-1:0] in,
  output wire [OW-1:0] out
);
`ifndef SYNTHESIS
  initial begin
    if (IW < 1 || OW < 1) $fatal(1, "siman_resize: IW and OW must be >= 1");
  end
`endif

  generate
    if (IW >= OW) begin : g_trunc
      /* verilator lint_off UNUSEDSIGNAL */ // high input bits drop out modulo 2^OW
      wire [IW-1:0] in_all = in;
      /* verilator lint_on UNUSEDSIGNAL */
      assign out = in_all[OW-1:0];
    end else begin : g_ext
      wire ext = (SIGNED != 0) ? in[IW-1] : 1'b0;
      assign out = {{(OW-IW){ext}}, in};
    end
  endgenerate
endmodule

`default_nettype wire
