// siman_hwu: control and output stage of a hardwired layer.
//
// Purpose   One binarized dense layer whose weights are logic: the
//           generated per-layer module wires PE siman_hwlane instances
//           (weights as parameters, inputs selected by wiring) between
//           this module's `x`/`f`/`en` outputs and its `q` input. This
//           module holds the input vector, steps the fold counter, carries
//           the valid flag alongside the lanes' DEPTH pipeline registers,
//           compares or scales the lane results with per-channel constants
//           (also parameters, no ROM) and collects the folds into one
//           output beat. Same AXI4-Stream ports, stall rule and output
//           formats as siman_mvu with SIMD = IN (no synapse folding, no
//           accumulator).
// Params    IN, OUT       fan-in, output channels
//           PE            channels per cycle (lanes); OUT % PE == 0
//           INPUT_MODE    0 = bits, 1 = uint (EB bits per element)
//           EB            bits per element when INPUT_MODE = 1
//           OUTPUT_MODE   0 = threshold (1 bit per channel),
//                         1 = score (SW bits per channel)
//           ACC_W         width of q and of the thresholds (two's complement)
//           SW            score width (OUTPUT_MODE = 1)
//           DEPTH         pipeline registers inside the lanes
//           CONSTS        NF*PE*CFW bits; field nf*PE + p (CFW bits) holds the
//                         constants of channel nf*PE + p, as the const ROM
//                         word of siman_mvu: {dir, T} (CFW = ACC_W + 1,
//                         dir = 1 for le) or B (CFW = SW, score = A*q - B)
// Ports     x (= in_buf), f (= fold counter), en (= !stall) drive the lanes;
//           q[p*ACC_W +: ACC_W] is lane p's result for the fold issued
//           DEPTH en-cycles earlier.
// Folding   NF = OUT/PE folds of one cycle each: II = NF cycles per vector,
//           no bubble between vectors.
// Latency   input handshake in cycle c -> m_tvalid first high in cycle
//           c + NF + DEPTH + 1 (no stalls). See docs/architecture.md.
// Stall     stall = m_tvalid && !m_tready freezes everything but the load
//           of an empty input buffer.
// Reset     in_valid, fold counter, valid flags, m_tvalid = 0.
`default_nettype none

module siman_hwu #(
  parameter integer IN = 16,
  parameter integer OUT = 8,
  parameter integer PE = 8,
  parameter integer INPUT_MODE = 0,
  parameter integer EB = 1,
  parameter integer OUTPUT_MODE = 0,
  parameter integer ACC_W = 8,
  parameter integer SW = 8,
  parameter integer DEPTH = 1,
  parameter [(OUT/PE)*PE*((OUTPUT_MODE != 0) ? SW : ACC_W + 1)-1:0] CONSTS = 0
) (
  input  wire                                           clk,
  input  wire                                           rst,
  input  wire [IN*((INPUT_MODE != 0) ? EB : 1)-1:0]     s_tdata,
  input  wire                                           s_tvalid,
  output wire                                           s_tready,
  output wire [OUT*((OUTPUT_MODE != 0) ? SW : 1)-1:0]   m_tdata,
  output wire                                           m_tvalid,
  input  wire                                           m_tready,
  output wire [IN*((INPUT_MODE != 0) ? EB : 1)-1:0]     x,
  output wire [((OUT/PE > 1) ? $clog2(OUT/PE) : 1)-1:0] f,
  output wire                                           en,
  input  wire [PE*ACC_W-1:0]                            q
);
  localparam integer EBW = (INPUT_MODE != 0) ? EB : 1;
  localparam integer OB = (OUTPUT_MODE != 0) ? SW : 1;
  localparam integer NF = OUT / PE;
  localparam integer NFW = (NF > 1) ? $clog2(NF) : 1;
  localparam integer CFW = (OUTPUT_MODE != 0) ? SW : ACC_W + 1;
  localparam integer CB = PE * OB;
  localparam [31:0] NF_LAST32 = NF - 1;
  localparam [NFW-1:0] NF_LAST = NF_LAST32[NFW-1:0];

`ifndef SYNTHESIS
  initial begin
    if (IN < 1 || OUT < 1 || PE < 1) $fatal(1, "siman_hwu: IN, OUT, PE must be >= 1");
    if (OUT % PE != 0) $fatal(1, "siman_hwu: OUT (%0d) must be a multiple of PE (%0d)", OUT, PE);
    if (INPUT_MODE != 0 && INPUT_MODE != 1) $fatal(1, "siman_hwu: INPUT_MODE must be 0 (bits) or 1 (uint)");
    if (OUTPUT_MODE != 0 && OUTPUT_MODE != 1) $fatal(1, "siman_hwu: OUTPUT_MODE must be 0 (threshold) or 1 (score)");
    if (EB < 1) $fatal(1, "siman_hwu: EB must be >= 1 (got %0d)", EB);
    if (ACC_W < 2) $fatal(1, "siman_hwu: ACC_W must be >= 2 (got %0d)", ACC_W);
    if (SW < 2) $fatal(1, "siman_hwu: SW must be >= 2 (got %0d)", SW);
    if (DEPTH < 0) $fatal(1, "siman_hwu: DEPTH must be >= 0 (got %0d)", DEPTH);
  end
`endif

  // ---------------------------------------------------------------- control
  wire stall = m_tvalid && !m_tready;

  reg [IN*EBW-1:0] in_buf;
  reg              in_valid;
  reg [NFW-1:0]    nf_cnt;

  wire issue = in_valid && !stall;
  wire nf_last = (nf_cnt == NF_LAST);
  wire last_issue = issue && nf_last;

  assign s_tready = !in_valid || last_issue;
  wire s_fire = s_tvalid && s_tready;

  always @(posedge clk) begin
    if (s_fire) in_buf <= s_tdata;
  end

  always @(posedge clk) begin
    if (rst) begin
      in_valid <= 1'b0;
      nf_cnt <= {NFW{1'b0}};
    end else begin
      if (s_fire) in_valid <= 1'b1;
      else if (last_issue) in_valid <= 1'b0;
      if (issue) nf_cnt <= nf_last ? {NFW{1'b0}} : nf_cnt + 1'b1;
    end
  end

  assign x = in_buf;
  assign f = nf_cnt;
  assign en = !stall;

  // The valid flag and fold index travel with the lanes' DEPTH registers.
  wire           vd;
  wire [NFW-1:0] nfd;
  generate
    if (DEPTH == 0) begin : g_flags0
      assign vd = issue;
      assign nfd = nf_cnt;
    end else begin : g_flags
      reg [DEPTH-1:0]     pv;
      reg [DEPTH*NFW-1:0] pnf;
      always @(posedge clk) begin
        if (rst) pv <= {DEPTH{1'b0}};
        else if (!stall) pv <= (pv << 1) | {{(DEPTH-1){1'b0}}, issue};
      end
      always @(posedge clk) begin
        if (!stall) pnf <= (pnf << NFW) | {{((DEPTH-1)*NFW){1'b0}}, nf_cnt};
      end
      assign vd = pv[DEPTH-1];
      assign nfd = pnf[(DEPTH-1)*NFW +: NFW];
    end
  endgenerate

  // ------------------------------------------------- constants and results
  wire [CFW*PE-1:0] cword;
  generate
    if (NF == 1) begin : g_c1
      assign cword = CONSTS;
    end else begin : g_cn
      assign cword = CONSTS[nfd * (CFW * PE) +: CFW * PE];
    end
  endgenerate

  wire [CB-1:0] chunk;   // this fold's PE results, channel nf*PE + p at [p*OB +: OB]
  siman_result #(.PE(PE), .ACC_W(ACC_W), .SW(SW), .INPUT_MODE(INPUT_MODE), .OUTPUT_MODE(OUTPUT_MODE)) u_res (
    .q(q), .cword(cword), .chunk(chunk)
  );

  // ------------------------------------------------------ collect + output
  siman_collect #(.NF(NF), .CB(CB)) u_col (
    .clk(clk), .rst(rst), .stall(stall), .v(vd), .last(nfd == NF_LAST), .chunk(chunk),
    .m_tdata(m_tdata), .m_tvalid(m_tvalid)
  );
endmodule

`default_nettype wire
