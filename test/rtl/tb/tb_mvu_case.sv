// Self-checking case for siman_mvu. The mocha test writes, per case, the
// packed ROM files the MVU reads (WEIGHT_FILE, CONST_FILE) and plain model
// files the testbench reads (ROWS_FILE: OUT lines of IN binary digits,
// column i at character IN-1-i; T_FILE: thresholds in hex, ACC_W bits;
// DIR_FILE: 0 ge / 1 le; B_FILE: score offsets in hex, SW bits). The
// model computes each output vector from the plain files at the input
// handshake; the sink compares in order.
// Plusargs: +seed=N (stimulus and stalls), +p=PERMILLE (stall probability
// of source and sink, DESIGN §2b generator). With +p=0 it also checks the
// latency (NF*SF + DEPTH + 3) and the II (NF*SF) exactly.
module tb_mvu_case #(
  parameter integer IN = 8,
  parameter integer OUT = 4,
  parameter integer PE = 1,
  parameter integer SIMD = 1,
  parameter integer INPUT_MODE = 0,
  parameter integer EB = 1,
  parameter integer SEMANTICS = 0,
  parameter integer OUTPUT_MODE = 0,
  parameter integer ACC_W = 8,
  parameter integer SW = 8,
  parameter integer DEPTH = 0,
  parameter WEIGHT_FILE = "w.mem",
  parameter CONST_FILE = "c.mem",
  parameter ROWS_FILE = "rows.mem",
  parameter T_FILE = "t.mem",
  parameter DIR_FILE = "dir.mem",
  parameter B_FILE = "b.mem",
  parameter NAME = "case",
  parameter integer INDEX = 0,
  parameter integer NVEC = 40
) (
  input  wire        clk,
  input  wire        rst,
  output reg         done,
  output reg  [31:0] errors
);
`include "tb_util.vh"
  localparam integer EBW = (INPUT_MODE != 0) ? EB : 1;
  localparam integer OB = (OUTPUT_MODE != 0) ? SW : 1;
  localparam integer XB = IN * EBW;
  localparam integer YB = OUT * OB;
  localparam integer NF = OUT / PE;
  localparam integer SF = IN / SIMD;
  localparam integer LAT = NF * SF + DEPTH + 3;

  reg [IN-1:0]    rows [0:OUT-1];
  reg [ACC_W-1:0] tval [0:OUT-1];
  reg             tdir [0:OUT-1];
  reg [SW-1:0]    bval [0:OUT-1];
  initial begin
    $readmemb(ROWS_FILE, rows);
    if (OUTPUT_MODE == 0) begin
      $readmemh(T_FILE, tval);
      $readmemb(DIR_FILE, tdir);
    end else begin
      $readmemh(B_FILE, bval);
    end
  end

  reg  [XB-1:0] s_tdata;
  reg           s_tvalid;
  wire          s_tready;
  wire [YB-1:0] m_tdata;
  wire          m_tvalid;
  reg           m_tready;

  siman_mvu #(
    .IN(IN), .OUT(OUT), .PE(PE), .SIMD(SIMD), .INPUT_MODE(INPUT_MODE), .EB(EB),
    .SEMANTICS(SEMANTICS), .OUTPUT_MODE(OUTPUT_MODE), .ACC_W(ACC_W), .SW(SW), .DEPTH(DEPTH),
    .WEIGHT_FILE(WEIGHT_FILE), .CONST_FILE(CONST_FILE)
  ) dut (
    .clk(clk), .rst(rst), .s_tdata(s_tdata), .s_tvalid(s_tvalid), .s_tready(s_tready),
    .m_tdata(m_tdata), .m_tvalid(m_tvalid), .m_tready(m_tready)
  );

  // Expected output of an input vector, from the plain model files.
  function [YB-1:0] model;
    input [XB-1:0] x;
    integer c, i, q, e, s, t, b;
    reg y;
    begin
      model = {YB{1'b0}};
      for (c = 0; c < OUT; c = c + 1) begin
        q = 0;
        for (i = 0; i < IN; i = i + 1) begin
          e = (INPUT_MODE != 0) ? x[i*EBW +: EBW] : x[i];
          if (INPUT_MODE == 0) begin
            if (SEMANTICS == 0) q = q + (rows[c][i] & x[i]);
            else q = q + (rows[c][i] == x[i] ? 1 : 0);
          end else begin
            if (rows[c][i]) q = q + e;
            else if (SEMANTICS != 0) q = q - e;
          end
        end
        if (OUTPUT_MODE == 0) begin
          t = $signed(tval[c]);
          y = tdir[c] ? (q <= t) : (q >= t);
          model[c] = y;
        end else begin
          b = $signed(bval[c]);
          s = ((INPUT_MODE == 0) ? 2 * q : q) - b;
          model[c*SW +: SW] = s[SW-1:0];
        end
      end
    end
  endfunction

  reg [YB-1:0] expected [0:NVEC-1];
  integer in_cycle [0:NVEC-1];

  reg [31:0] seed, p, rng, d1, d2;
  integer cycle, sent, received, k, last_out;
  reg held;
  reg [YB-1:0] held_data;
  reg s_fire, m_fire, was_valid;
  reg [XB+31:0] wide;

  initial begin
    if (!$value$plusargs("seed=%d", seed)) seed = 1;
    if (!$value$plusargs("p=%d", p)) p = 0;
  end

  always @(posedge clk) begin
    if (rst) begin
      rng <= xorshift32(seed * 32'd2654435761 + INDEX + 1);
      cycle <= 0;
      sent <= 0;
      received <= 0;
      s_tvalid <= 1'b0;
      m_tready <= 1'b0;
      held <= 1'b0;
      was_valid <= 1'b0;
      done <= 1'b0;
      errors <= 0;
      last_out <= 0;
    end else if (!done) begin
      s_fire = s_tvalid && s_tready;
      m_fire = m_tvalid && m_tready;
      if (held && (!m_tvalid || m_tdata !== held_data)) begin
        if (errors < 5) $display("mvu %0s cycle %0d: output withdrawn or changed while stalled", NAME, cycle);
        errors <= errors + 1;
      end
      held <= m_tvalid && !m_tready;
      held_data <= m_tdata;
      if (s_fire) begin
        expected[sent] <= model(s_tdata);
        in_cycle[sent] <= cycle;
        sent <= sent + 1;
      end
      // timing with no stalls: output k first valid exactly LAT cycles after
      // its input handshake, and NF*SF cycles after output k-1
      if (p == 0 && m_tvalid && !was_valid) begin
        if (cycle - in_cycle[received] != LAT) begin
          if (errors < 5) $display("mvu %0s: vector %0d latency %0d, expected %0d", NAME, received, cycle - in_cycle[received], LAT);
          errors <= errors + 1;
        end
        if (received > 0 && cycle - last_out != NF * SF) begin
          if (errors < 5) $display("mvu %0s: vector %0d II %0d, expected %0d", NAME, received, cycle - last_out, NF * SF);
          errors <= errors + 1;
        end
      end
      if (m_fire) begin
        last_out <= cycle;
        if (received >= sent || m_tdata !== expected[received]) begin
          if (errors < 5) $display("mvu %0s cycle %0d: vector %0d got %h expected %h", NAME, cycle, received, m_tdata, expected[received]);
          errors <= errors + 1;
        end
        received <= received + 1;
      end
      // a new output beat starts when valid rises or right after a transfer
      was_valid <= m_tvalid && !m_fire;
      // stimulus: one generator drawn twice per cycle (source, then sink)
      d1 = xorshift32(rng);
      d2 = xorshift32(d1);
      rng <= d2;
      if ((s_fire || !s_tvalid) && sent + (s_fire ? 1 : 0) < NVEC) begin
        for (k = 0; k < XB; k = k + 32) wide[k +: 32] = xorshift32(d2 ^ (k + 1));
        // every 5th vector all ones, to reach the top of the range
        if ((sent + (s_fire ? 1 : 0)) % 5 == 4) s_tdata <= {XB{1'b1}};
        else s_tdata <= wide[XB-1:0];
        s_tvalid <= (d1 % 1000) >= p;
      end else if (s_fire) begin
        s_tvalid <= 1'b0;
      end
      m_tready <= (d2 % 1000) >= p;
      cycle <= cycle + 1;
      if (received == NVEC) begin
        done <= 1'b1;
        $display("CASE mvu %0s %s errors=%0d cycles=%0d", NAME, errors == 0 ? "PASS" : "FAIL", errors, cycle);
      end
    end
  end
endmodule
