// siman_threshold: per-channel threshold compare.
//
// Purpose   y = dir ? (q <= t) : (q >= t), q and t two's complement.
//           dir = 0 is `ge`, dir = 1 is `le`. A constant channel is a
//           threshold clamped outside the accumulator range: ge with
//           t <= min(q) is always 1, ge with t > max(q) is always 0.
// Params    W  width of q and t, >= 1 (both signed)
// Folding   One per PE, after the accumulator.
// Latency   0 (combinational).
`default_nettype none

module siman_threshold #(
  parameter integer W = 8
) (
  input  wire [W-1:0] q,
  input  wire [W-1:0] t,
  input  wire         dir,
  output wire         y
);
`ifndef SYNTHESIS
  initial begin
    if (W < 1) $fatal(1, "siman_threshold: W must be >= 1 (got %0d)", W);
  end
`endif

  wire signed [W-1:0] qs = q;
  wire signed [W-1:0] ts = t;
  assign y = dir ? (qs <= ts) : (qs >= ts);
endmodule

`default_nettype wire
