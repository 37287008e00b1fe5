// siman_mvu: folded matrix-vector unit with threshold or score output.
//
// Purpose   One binarized dense layer: y = f(W x) for a {0,1} weight
//           matrix W [OUT][IN]. Per output channel c the accumulator is
//             bits, and : q = popcount(w_c & x)
//             bits, xnor: q = popcount(~(w_c ^ x))
//             uint, and : q = sum_{w=1} x_i
//             uint, xnor: q = sum_{w=1} x_i - sum_{w=0} x_i
//           OUTPUT_MODE 0 emits y_c = dir_c ? (q <= T_c) : (q >= T_c);
//           OUTPUT_MODE 1 emits the SW-bit score A*q - B_c with A = 2 for
//           bits input and A = 1 for uint input (B_c = K_c for and,
//           IN for xnor, 0 for uint: the planner writes B_c).
// Params    IN, OUT       fan-in, output channels
//           PE, SIMD      channels per fold, inputs per cycle;
//                         IN % SIMD == 0 and OUT % PE == 0
//           INPUT_MODE    0 = bits (1 bit per element, 1 <-> +1),
//                         1 = uint (EB bits per element, unsigned)
//           EB            bits per element when INPUT_MODE = 1
//           SEMANTICS     0 = and, 1 = xnor
//           OUTPUT_MODE   0 = threshold (1 bit per channel),
//                         1 = score (SW bits per channel, two's complement)
//           ACC_W         accumulator width (two's complement); must hold
//                         every final q and every threshold (sums wrap
//                         modulo 2^ACC_W on the way, which is harmless)
//           SW            score width (OUTPUT_MODE = 1)
//           DEPTH         pipeline registers of the popcount/adder tree
//           WEIGHT_FILE   $readmemh file, NF*SF words of PE*SIMD bits:
//                         word nf*SF + sf, bit p*SIMD + s = W[nf*PE + p][sf*SIMD + s]
//           CLASSES       border classes (zero padding of +-1 activations,
//                         docs/numerics.md section 9); > 1: the class sits
//                         at s_tdata[IN*EB +: CLS_W] beside each vector and
//                         selects its thresholds (CONST_FILE word cls*NF + nf)
//           CLS_W         class index width (CLASSES > 1)
//           CONST_FILE    $readmemh file, CLASSES*NF words (NF when CLASSES = 1):
//                         OUTPUT_MODE 0: PE fields of ACC_W+1 bits, field p =
//                           {dir, T} of channel nf*PE + p (T in the low ACC_W
//                           bits, dir = 1 for le at the top)
//                         OUTPUT_MODE 1: PE fields of SW bits, field p = B of
//                           channel nf*PE + p (two's complement)
// Folding   NF = OUT/PE folds of SF = IN/SIMD cycles each. II = NF*SF
//           cycles per vector with no bubble between vectors.
// Latency   input handshake in cycle c -> m_tvalid first high in cycle
//           c + NF*SF + DEPTH + 3 (no stalls). See docs/architecture.md.
// Stall     stall = m_tvalid && !m_tready freezes every register of the
//           pipeline (issue counters, ROM reads, tree, accumulators,
//           collect, output). Only an empty input buffer may still accept
//           a vector during a stall (s_tready = !in_valid).
// Reset     in_valid, counters, valid flags, m_tvalid = 0; data registers
//           are not reset.
`default_nettype none

module siman_mvu #(
  parameter integer IN = 16,
  parameter integer OUT = 8,
  parameter integer PE = 2,
  parameter integer SIMD = 4,
  parameter integer INPUT_MODE = 0,
  parameter integer EB = 1,
  parameter integer SEMANTICS = 0,
  parameter integer OUTPUT_MODE = 0,
  parameter integer ACC_W = 8,
  parameter integer SW = 8,
  parameter integer DEPTH = 1,
  parameter         WEIGHT_FILE = "",
  parameter         CONST_FILE = "",
  parameter integer WEIGHT_STYLE = 0,
  parameter integer CLASSES = 1,
  parameter integer CLS_W = 1
) (
  input  wire                                           clk,
  input  wire                                           rst,
  input  wire [IN*((INPUT_MODE != 0) ? EB : 1) + ((CLASSES > 1) ? CLS_W : 0)-1:0] s_tdata,
  input  wire                                           s_tvalid,
  output wire                                           s_tready,
  output wire [OUT*((OUTPUT_MODE != 0) ? SW : 1)-1:0]   m_tdata,
  output wire                                           m_tvalid,
  input  wire                                           m_tready
);
  localparam integer EBW = (INPUT_MODE != 0) ? EB : 1;      // bits per element
  localparam integer OB = (OUTPUT_MODE != 0) ? SW : 1;      // bits per output channel
  localparam integer NF = OUT / PE;
  localparam integer SF = IN / SIMD;
  localparam integer XW = SIMD * EBW;                       // input slice width
  localparam integer WW = PE * SIMD;                        // weight word width
  localparam integer WDEPTH = NF * SF;
  localparam integer WAW = (WDEPTH > 1) ? $clog2(WDEPTH) : 1;
  localparam integer NFW = (NF > 1) ? $clog2(NF) : 1;
  localparam integer SFW = (SF > 1) ? $clog2(SF) : 1;
  localparam integer PSIGNED = (INPUT_MODE != 0 && SEMANTICS != 0) ? 1 : 0;
  localparam integer PW = (INPUT_MODE == 0) ? $clog2(SIMD + 1)
                                            : EB + SEMANTICS + $clog2(SIMD);   // partial sum width
  localparam integer CFW = (OUTPUT_MODE != 0) ? SW : ACC_W + 1;                 // const field width
  localparam integer CB = PE * OB;                          // bits of one fold's results
  localparam [31:0] NF_LAST32 = NF - 1;
  localparam [31:0] SF_LAST32 = SF - 1;
  localparam [31:0] WA_LAST32 = WDEPTH - 1;
  localparam [NFW-1:0] NF_LAST = NF_LAST32[NFW-1:0];
  localparam [SFW-1:0] SF_LAST = SF_LAST32[SFW-1:0];
  localparam [WAW-1:0] WA_LAST = WA_LAST32[WAW-1:0];
  localparam integer CDEPTH = NF * CLASSES;                 // constant ROM words
  localparam integer CAW = (CDEPTH > 1) ? $clog2(CDEPTH) : 1;
  localparam [31:0] NF32 = NF;
  localparam [CAW-1:0] NF_CA = NF32[CAW-1:0];

`ifndef SYNTHESIS
  initial begin
    if (IN < 1 || OUT < 1 || PE < 1 || SIMD < 1)
      $fatal(1, "siman_mvu: IN, OUT, PE, SIMD must be >= 1");
    if (IN % SIMD != 0) $fatal(1, "siman_mvu: IN (%0d) must be a multiple of SIMD (%0d)", IN, SIMD);
    if (OUT % PE != 0) $fatal(1, "siman_mvu: OUT (%0d) must be a multiple of PE (%0d)", OUT, PE);
    if (INPUT_MODE != 0 && INPUT_MODE != 1) $fatal(1, "siman_mvu: INPUT_MODE must be 0 (bits) or 1 (uint)");
    if (SEMANTICS != 0 && SEMANTICS != 1) $fatal(1, "siman_mvu: SEMANTICS must be 0 (and) or 1 (xnor)");
    if (OUTPUT_MODE != 0 && OUTPUT_MODE != 1) $fatal(1, "siman_mvu: OUTPUT_MODE must be 0 (threshold) or 1 (score)");
    if (EB < 1) $fatal(1, "siman_mvu: EB must be >= 1 (got %0d)", EB);
    if (ACC_W < 2) $fatal(1, "siman_mvu: ACC_W must be >= 2 (got %0d)", ACC_W);
    if (SW < 2) $fatal(1, "siman_mvu: SW must be >= 2 (got %0d)", SW);
    if (DEPTH < 0) $fatal(1, "siman_mvu: DEPTH must be >= 0 (got %0d)", DEPTH);
    if (CLASSES < 1 || CLASSES > 2 ** CLS_W) $fatal(1, "siman_mvu: CLASSES must be in 1..2^CLS_W");
    if (CLASSES > 1 && OUTPUT_MODE != 0) $fatal(1, "siman_mvu: border classes need OUTPUT_MODE = 0");
  end
`endif

  // ---------------------------------------------------------------- control
  wire stall = m_tvalid && !m_tready;

  reg [IN*EBW-1:0] in_buf;
  reg              in_valid;
  reg [SFW-1:0]    sf_cnt;
  reg [NFW-1:0]    nf_cnt;
  reg [WAW-1:0]    waddr;     // = nf_cnt * SF + sf_cnt

  wire issue = in_valid && !stall;
  wire sf_last = (sf_cnt == SF_LAST);
  wire nf_last = (nf_cnt == NF_LAST);
  wire last_issue = issue && sf_last && nf_last;

  assign s_tready = !in_valid || last_issue;
  wire s_fire = s_tvalid && s_tready;

  always @(posedge clk) begin
    if (s_fire) in_buf <= s_tdata[IN*EBW-1:0];
  end

  // The vector's border class (0 without classes), held beside in_buf.
  reg [CLS_W-1:0] cls_buf;
  generate
    if (CLASSES > 1) begin : g_cls_in
      always @(posedge clk) if (s_fire) cls_buf <= s_tdata[IN*EBW +: CLS_W];
    end else begin : g_cls_in0
      always @(posedge clk) cls_buf <= {CLS_W{1'b0}};
    end
  endgenerate

  always @(posedge clk) begin
    if (rst) begin
      in_valid <= 1'b0;
      sf_cnt <= {SFW{1'b0}};
      nf_cnt <= {NFW{1'b0}};
      waddr <= {WAW{1'b0}};
    end else begin
      if (s_fire) in_valid <= 1'b1;
      else if (last_issue) in_valid <= 1'b0;
      if (issue) begin
        sf_cnt <= sf_last ? {SFW{1'b0}} : sf_cnt + 1'b1;
        if (sf_last) nf_cnt <= nf_last ? {NFW{1'b0}} : nf_cnt + 1'b1;
        waddr <= (waddr == WA_LAST) ? {WAW{1'b0}} : waddr + 1'b1;
      end
    end
  end

  // ------------------------------------------------ stage 1: ROM read + slice
  wire [WW-1:0] w_q;
  siman_rom #(.WIDTH(WW), .DEPTH(WDEPTH), .FILE(WEIGHT_FILE), .STYLE(WEIGHT_STYLE)) u_wrom (
    .clk(clk), .en(issue), .addr(waddr), .data(w_q)
  );

  // Slice select: for a power-of-two XW the indexed part-select is a
  // multiplexer (the offset is a shift of sf_cnt). For other widths Yosys
  // keeps the product sf_cnt * XW and builds a shifter over the whole
  // buffer (even a multiplier cell on ECP5), 2-4x the LUTs; an explicit
  // one-hot AND-OR over the SF slices maps like a plain multiplexer.
  wire [XW-1:0] x_sel;
  generate
    if ((XW & (XW - 1)) == 0) begin : g_sel_pow2
      assign x_sel = in_buf[sf_cnt * XW +: XW];
    end else begin : g_sel_andor
      reg [XW-1:0] x_or;
      integer si;
      always @* begin
        x_or = {XW{1'b0}};
        for (si = 0; si < SF; si = si + 1)
          x_or = x_or | ({XW{sf_cnt == si[SFW-1:0]}} & in_buf[si*XW +: XW]);
      end
      assign x_sel = x_or;
    end
  endgenerate

  reg [XW-1:0]  x_q;
  reg           v1, first1, last1;
  reg [NFW-1:0] nf1;
  reg [CLS_W-1:0] cls1;

  always @(posedge clk) begin
    if (issue) x_q <= x_sel;
    if (issue) nf1 <= nf_cnt;
    if (issue) cls1 <= cls_buf;
    if (issue) first1 <= (sf_cnt == {SFW{1'b0}});
    if (issue) last1 <= sf_last;
  end

  always @(posedge clk) begin
    if (rst) v1 <= 1'b0;
    else if (!stall) v1 <= issue;
  end

  // ------------------------------------- stage 2..: products and reduction
  wire [PE*PW-1:0] partial;
  genvar p;
  generate
    for (p = 0; p < PE; p = p + 1) begin : g_pe
      wire [SIMD-1:0] wp = w_q[p*SIMD +: SIMD];
      if (INPUT_MODE == 0) begin : g_bits
        wire [SIMD-1:0] prod = (SEMANTICS != 0) ? ~(wp ^ x_q) : (wp & x_q);
        // The carry-in tree (siman_popcount's default): about one adder LUT per product bit.
        siman_popcount #(.N(SIMD), .DEPTH(DEPTH)) u_pop (
          .clk(clk), .en(!stall), .in(prod), .count(partial[p*PW +: PW])
        );
      end else begin : g_uint
        siman_addertree #(.N(SIMD), .EB(EB), .SEMANTICS(SEMANTICS), .DEPTH(DEPTH)) u_add (
          .clk(clk), .en(!stall), .in(x_q), .w(wp), .sum(partial[p*PW +: PW])
        );
      end
    end
  endgenerate

  // Flags travel with the data through the DEPTH tree registers.
  wire           vd, firstd, lastd;
  wire [NFW-1:0] nfd;
  /* verilator lint_off UNUSEDSIGNAL */ // read only with CLASSES > 1
  wire [CLS_W-1:0] clsd;
  /* verilator lint_on UNUSEDSIGNAL */
  generate
    if (DEPTH == 0) begin : g_flags0
      assign vd = v1;
      assign firstd = first1;
      assign lastd = last1;
      assign nfd = nf1;
      assign clsd = cls1;
    end else begin : g_flags
      reg [DEPTH-1:0]     pv, pfirst, plast;
      reg [DEPTH*NFW-1:0] pnf;
      reg [DEPTH*CLS_W-1:0] pcls;
      always @(posedge clk) begin
        if (rst) pv <= {DEPTH{1'b0}};
        else if (!stall) pv <= (pv << 1) | {{(DEPTH-1){1'b0}}, v1};
      end
      always @(posedge clk) begin
        if (!stall) begin
          pfirst <= (pfirst << 1) | {{(DEPTH-1){1'b0}}, first1};
          plast <= (plast << 1) | {{(DEPTH-1){1'b0}}, last1};
          pnf <= (pnf << NFW) | {{((DEPTH-1)*NFW){1'b0}}, nf1};
          pcls <= (pcls << CLS_W) | {{((DEPTH-1)*CLS_W){1'b0}}, cls1};
        end
      end
      assign vd = pv[DEPTH-1];
      assign firstd = pfirst[DEPTH-1];
      assign lastd = plast[DEPTH-1];
      assign nfd = pnf[(DEPTH-1)*NFW +: NFW];
      assign clsd = pcls[(DEPTH-1)*CLS_W +: CLS_W];
    end
  endgenerate

  // --------------------------------------------------------- accumulation
  wire acc_en = !stall && vd;
  reg            accv;
  reg  [NFW-1:0] accnf;
  wire [CFW*PE-1:0] cword;

  // Per-fold constants (per class and fold with classes), read as the last
  // partial enters the accumulator so they are ready together with the
  // final sum.
  wire [CAW-1:0] caddr;
  generate
    if (CLASSES > 1) begin : g_caddr
      wire [CAW-1:0] cls_ca, nf_ca;
      siman_resize #(.IW(CLS_W), .OW(CAW), .SIGNED(0)) u_rc (.in(clsd), .out(cls_ca));
      siman_resize #(.IW(NFW), .OW(CAW), .SIGNED(0)) u_rn (.in(nfd), .out(nf_ca));
      assign caddr = cls_ca * NF_CA + nf_ca;
    end else begin : g_caddr0
      assign caddr = nfd;
    end
  endgenerate
  siman_rom #(.WIDTH(CFW * PE), .DEPTH(CDEPTH), .FILE(CONST_FILE)) u_crom (
    .clk(clk), .en(acc_en && lastd), .addr(caddr), .data(cword)
  );

  always @(posedge clk) begin
    if (rst) accv <= 1'b0;
    else if (!stall) accv <= vd && lastd;
  end
  always @(posedge clk) begin
    if (acc_en && lastd) accnf <= nfd;
  end

  wire [PE*ACC_W-1:0] qall;   // the PE accumulators, channel p at [p*ACC_W +: ACC_W]
  generate
    for (p = 0; p < PE; p = p + 1) begin : g_acc
      reg  [ACC_W-1:0] acc;
      wire [PW-1:0]    part = partial[p*PW +: PW];
      wire [ACC_W-1:0] part_ext;
      siman_resize #(.IW(PW), .OW(ACC_W), .SIGNED(PSIGNED)) u_rs (.in(part), .out(part_ext));
      always @(posedge clk) begin
        if (acc_en) acc <= (firstd ? {ACC_W{1'b0}} : acc) + part_ext;
      end
      assign qall[p*ACC_W +: ACC_W] = acc;
    end
  endgenerate

  // ------------------------------------------ results, collect + output
  wire [CB-1:0] chunk;   // this fold's PE results, channel nf*PE + p at [p*OB +: OB]
  siman_result #(.PE(PE), .ACC_W(ACC_W), .SW(SW), .INPUT_MODE(INPUT_MODE), .OUTPUT_MODE(OUTPUT_MODE)) u_res (
    .q(qall), .cword(cword), .chunk(chunk)
  );
  siman_collect #(.NF(NF), .CB(CB)) u_col (
    .clk(clk), .rst(rst), .stall(stall), .v(accv), .last(accnf == NF_LAST), .chunk(chunk),
    .m_tdata(m_tdata), .m_tvalid(m_tvalid)
  );
endmodule

`default_nettype wire
