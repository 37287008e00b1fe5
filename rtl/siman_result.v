// siman_result: the output stage of a matrix-vector unit, per fold.
//
// Purpose   Turns PE final accumulator values into the fold's results:
//           OUTPUT_MODE 0: y_p = threshold(q_p, T_p, dir_p), 1 bit each;
//           OUTPUT_MODE 1: score_p = A*q_p - B_p in SW bits, two's
//           complement, A = 2 for bit inputs (INPUT_MODE 0), 1 for uint.
//           Shared by siman_mvu (folded) and siman_hwu (hardwired).
// Params    PE           channels per fold
//           ACC_W, SW    accumulator and score widths (the planner sizes
//                        them so every q, threshold and score fits)
//           INPUT_MODE   0 = bits, 1 = uint
//           OUTPUT_MODE  0 = threshold, 1 = score
// Ports     q      PE accumulators, channel p at [p*ACC_W +: ACC_W]
//           cword  PE constant fields of CFW bits, field p at [p*CFW +: CFW]:
//                  mode 0: {dir, T} (T in the low ACC_W bits), mode 1: B
//           chunk  PE results, channel p at [p*OB +: OB]
// Latency   0 (combinational).
`default_nettype none

module siman_result #(
  parameter integer PE = 1,
  parameter integer ACC_W = 8,
  parameter integer SW = 8,
  parameter integer INPUT_MODE = 0,
  parameter integer OUTPUT_MODE = 0
) (
  input  wire [PE*ACC_W-1:0]                                   q,
  input  wire [PE*((OUTPUT_MODE != 0) ? SW : ACC_W + 1)-1:0]   cword,
  output wire [PE*((OUTPUT_MODE != 0) ? SW : 1)-1:0]           chunk
);
  localparam integer OB = (OUTPUT_MODE != 0) ? SW : 1;
  localparam integer CFW = (OUTPUT_MODE != 0) ? SW : ACC_W + 1;
  localparam integer SCW = ((ACC_W + 1 > SW) ? ACC_W + 1 : SW) + 1;   // score compute width

`ifndef SYNTHESIS
  initial begin
    if (PE < 1) $fatal(1, "siman_result: PE must be >= 1 (got %0d)", PE);
    if (ACC_W < 2 || SW < 2) $fatal(1, "siman_result: ACC_W and SW must be >= 2");
  end
`endif

  genvar p;
  generate
    for (p = 0; p < PE; p = p + 1) begin : g_pe
      wire [ACC_W-1:0] qp = q[p*ACC_W +: ACC_W];
      if (OUTPUT_MODE == 0) begin : g_thr
        siman_threshold #(.W(ACC_W)) u_thr (
          .q(qp), .t(cword[p*CFW +: ACC_W]), .dir(cword[p*CFW + ACC_W]), .y(chunk[p])
        );
      end else begin : g_score
        wire [SCW-1:0] a_ext = {{(SCW-ACC_W){qp[ACC_W-1]}}, qp};
        wire [SCW-1:0] b_ext = {{(SCW-SW){cword[p*CFW + SW - 1]}}, cword[p*CFW +: SW]};
        wire [SCW-1:0] aq = (INPUT_MODE == 0) ? {a_ext[SCW-2:0], 1'b0} : a_ext;
        /* verilator lint_off UNUSEDSIGNAL */ // score fits SW bits by construction (planner)
        wire [SCW-1:0] s = aq - b_ext;
        /* verilator lint_on UNUSEDSIGNAL */
        assign chunk[p*OB +: OB] = s[SW-1:0];
      end
    end
  endgenerate
endmodule

`default_nettype wire
