// Self-checking case for siman_window. A source streams IMAGES random
// images pixel by pixel, back to back; the sink checks every window (or
// pooled pixel) against the padded image held by the testbench, and the
// AXI hold rule. The first image runs without stalls (source valid from
// cycle 1, sink ready from cycle 1) and every window's handshake must fall
// in the cycle of the plain schedule below; later images run with stall
// probability P/1000 on both ends (DESIGN §2b generator, source then sink).
//
// Plain schedule (docs/architecture.md, siman_window timing): the padded
// positions of the image shift in one per cycle in row-major order, a pad
// as soon as the previous position has shifted, real pixel k no earlier
// than its handshake h_k; h_0 = 1 (the source is valid from cycle 1) and
// h_k = max(h_(k-1), shift cycle of pixel k-1) + 1 (a pixel that could not
// shift at once waits in the unit and holds s_tready low until it does); a
// window is taken in the cycle after the shift that completed it.
module tb_window_case #(
  parameter integer ID = 0,
  parameter integer C = 2,
  parameter integer H = 5,
  parameter integer W = 4,
  parameter integer KH = 3,
  parameter integer KW = 2,
  parameter integer SH = 1,
  parameter integer SW = 2,
  parameter integer PH = 1,
  parameter integer PW = 2,
  parameter integer EBW = 1,
  parameter integer PAD = 1,
  parameter integer POOL = 0,
  parameter [C-1:0] OPS = {C{1'b0}},
  parameter integer P = 300,
  parameter integer SEED = 7,
  parameter integer IMAGES = 12
) (
  input  wire        clk,
  input  wire        rst,
  output reg         done,
  output reg  [31:0] errors
);
`include "tb_util.vh"
  localparam integer HP = H + 2 * PH;
  localparam integer WP = W + 2 * PW;
  localparam integer OH = (HP - KH) / SH + 1;
  localparam integer OW = (WP - KW) / SW + 1;
  localparam integer NPIX = H * W;
  localparam integer NWIN = OH * OW;
  localparam integer OUTW = (POOL != 0) ? C : C * KH * KW * EBW;

  reg  [C*EBW-1:0] s_tdata;
  reg              s_tvalid;
  wire             s_tready;
  wire [OUTW-1:0]  m_tdata;
  wire             m_tvalid;
  reg              m_tready;

  siman_window #(.C(C), .H(H), .W(W), .KH(KH), .KW(KW), .SH(SH), .SW(SW), .PH(PH), .PW(PW),
                 .EBW(EBW), .PAD(PAD), .POOL(POOL), .OPS(OPS)) dut (
    .clk(clk), .rst(rst), .s_tdata(s_tdata), .s_tvalid(s_tvalid), .s_tready(s_tready),
    .m_tdata(m_tdata), .m_tvalid(m_tvalid), .m_tready(m_tready)
  );

  // Expected handshake cycle of every window of the first image.
  integer want_cycle [0:NWIN-1];
  initial begin : schedule
    integer rr, cc, t, k2, hs, ts;
    reg is_real, is_hit;
    t = -1;
    k2 = 0;
    hs = 0;
    ts = 0;
    for (rr = 0; rr < HP; rr = rr + 1) begin
      for (cc = 0; cc < WP; cc = cc + 1) begin
        is_real = rr >= PH && rr < PH + H && cc >= PW && cc < PW + W;
        is_hit = rr >= KH - 1 && (rr - KH + 1) % SH == 0 && (rr - KH + 1) / SH < OH
              && cc >= KW - 1 && (cc - KW + 1) % SW == 0 && (cc - KW + 1) / SW < OW;
        t = t + 1;
        if (is_real) begin
          hs = (hs > ts ? hs : ts) + 1;
          if (t < hs) t = hs;
          ts = t;
        end
        if (is_hit) begin
          want_cycle[k2] = t + 1;
          k2 = k2 + 1;
        end
      end
    end
  end

  // Two image buffers (the next image may stream in while the last window waits).
  reg [C*EBW-1:0] img [0:2*NPIX-1];
  reg [31:0] rng, d1, d2;
  integer cycle, sent, received, p, ci, ky, kx, iy, ix, n, k, t;
  reg held;
  reg [OUTW-1:0] held_data, want;
  reg [EBW-1:0] e;
  reg red;
  reg s_fire, m_fire;

  always @(posedge clk) begin
    if (rst) begin
      rng <= SEED;
      cycle <= 0;
      sent <= 0;
      received <= 0;
      s_tvalid <= 1'b0;
      s_tdata <= 0;
      m_tready <= 1'b0;
      held <= 1'b0;
      done <= 1'b0;
      errors <= 0;
    end else if (!done) begin
      s_fire = s_tvalid && s_tready;
      m_fire = m_tvalid && m_tready;
      p = (sent < NPIX + 1) ? 0 : P;
      if (held && (!m_tvalid || m_tdata !== held_data)) begin
        if (errors < 5) $display("window %0d cycle %0d: beat withdrawn or changed while stalled", ID, cycle);
        errors <= errors + 1;
      end
      held <= m_tvalid && !m_tready;
      held_data <= m_tdata;
      if (s_fire) img[((sent / NPIX) % 2) * NPIX + (sent % NPIX)] <= s_tdata;
      if (received < NWIN && m_fire != (cycle == want_cycle[received])) begin
        if (errors < 5) $display("window %0d cycle %0d: window %0d taken at the wrong cycle (planned %0d)", ID, cycle, received, want_cycle[received]);
        errors <= errors + 1;
      end
      if (m_fire) begin
        n = received / NWIN;
        k = received % NWIN;
        want = 0;
        for (ci = 0; ci < C; ci = ci + 1) begin
          red = OPS[ci];
          for (ky = 0; ky < KH; ky = ky + 1) begin
            for (kx = 0; kx < KW; kx = kx + 1) begin
              iy = (k / OW) * SH - PH + ky;
              ix = (k % OW) * SW - PW + kx;
              if (iy >= 0 && iy < H && ix >= 0 && ix < W) e = img[(n % 2) * NPIX + iy * W + ix][ci*EBW +: EBW];
              else e = PAD;
              t = (ci * KH + ky) * KW + kx;
              if (POOL != 0) red = OPS[ci] ? (red & e[0]) : (red | e[0]);
              else want[t*EBW +: EBW] = e;
            end
          end
          if (POOL != 0) want[ci] = red;
        end
        if (m_tdata !== want) begin
          if (errors < 5) $display("window %0d image %0d window %0d: got %h expected %h", ID, n, k, m_tdata, want);
          errors <= errors + 1;
        end
        received <= received + 1;
      end
      d1 = xorshift32(rng);
      d2 = xorshift32(d1);
      rng <= d2;
      if (s_fire) begin
        sent <= sent + 1;
        s_tdata <= d1[C*EBW-1:0] ^ d2[C*EBW-1:0];
        s_tvalid <= (sent + 1 < IMAGES * NPIX) && ((d1 % 1000) >= p);
      end else if (!s_tvalid) begin
        s_tvalid <= (sent < IMAGES * NPIX) && ((d1 % 1000) >= p);
      end
      m_tready <= (received + (m_fire ? 1 : 0) < NWIN) || ((d2 % 1000) >= P);
      cycle <= cycle + 1;
      if (received == IMAGES * NWIN) begin
        done <= 1'b1;
        $display("CASE window %0d %s errors=%0d cycles=%0d sent=%0d", ID, errors == 0 ? "PASS" : "FAIL", errors, cycle, sent);
      end
    end
  end
endmodule
