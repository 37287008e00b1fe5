// Self-checking case for siman_window. A source streams IMAGES random
// images pixel by pixel; the sink checks every window (or pooled pixel)
// against the padded image held by the testbench, the AXI hold rule, and,
// for the first image (no stalls), that window 0 is valid exactly 2 cycles
// after the last pixel's handshake and that the windows then follow one
// per cycle. Later images run with stall probability P/1000 on both ends
// (DESIGN §2b generator, source then sink).
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
  localparam integer OH = (H + 2 * PH - KH) / SH + 1;
  localparam integer OW = (W + 2 * PW - KW) / SW + 1;
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

  // Two image buffers (the next image may load while the last window waits).
  reg [C*EBW-1:0] img [0:2*NPIX-1];
  reg [31:0] rng, d1, d2;
  integer cycle, sent, received, p, last_pix_cycle, ci, ky, kx, iy, ix, n, k, t;
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
      last_pix_cycle <= -10;
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
      if (s_fire) begin
        img[((sent / NPIX) % 2) * NPIX + (sent % NPIX)] <= s_tdata;
        if (sent == NPIX - 1) last_pix_cycle <= cycle;
      end
      if (received < NWIN) begin
        // first image: window j valid exactly from cycle last + 2 + j
        if (cycle >= last_pix_cycle + 2 && last_pix_cycle >= 0 && received == cycle - last_pix_cycle - 2 && !m_fire) begin
          if (errors < 5) $display("window %0d cycle %0d: window %0d late", ID, cycle, received);
          errors <= errors + 1;
        end
        if (m_fire && cycle != last_pix_cycle + 2 + received) begin
          if (errors < 5) $display("window %0d cycle %0d: window %0d at the wrong cycle", ID, cycle, received);
          errors <= errors + 1;
        end
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
      m_tready <= (received < NWIN) || ((d2 % 1000) >= p);
      cycle <= cycle + 1;
      if (received == IMAGES * NWIN) begin
        done <= 1'b1;
        $display("CASE window %0d %s errors=%0d cycles=%0d", ID, errors == 0 ? "PASS" : "FAIL", errors, cycle);
      end
    end
  end
endmodule
