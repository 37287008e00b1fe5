// siman_window: image window unit (sliding window, max-pool, gather).
//
// Purpose   Takes an image [C][H][W] as H*W pixel beats (row-major, channel
//           c of a pixel at [c*EBW +: EBW]) and emits one window per output
//           position (oy, ox), row-major over OH x OW. Window element
//           i = (ci*KH + ky)*KW + kx at [i*EBW +: EBW] is input element
//           (ci, oy*SH - PH + ky, ox*SW - PW + kx), or the constant PAD
//           when that tap lies outside the image (the padded input).
//           POOL = 1 (EBW = 1, PH = PW = 0) reduces each channel's KH*KW
//           taps to one bit instead: AND when OPS[c] = 1, OR otherwise;
//           output channel c at bit c.
//           A window over the whole image (KH = H, KW = W, one position)
//           is the flatten order c*H*W + y*W + x: the gather unit.
// Params    C, H, W, KH, KW, SH, SW, PH, PW, EBW, PAD, POOL, OPS
// Timing    Store and forward. Phase load (s_tready = 1): one pixel per
//           handshake into the frame; the handshake of the last pixel
//           ends the phase. Phase emit (s_tready = 0): in every cycle with
//           !m_tvalid || m_tready the next window is loaded into the output
//           register (m_tvalid = 1); loading the last window returns to the
//           load phase. Otherwise m_tready clears m_tvalid.
//           s_tready, m_tvalid, m_tdata are registers (or a function of
//           registers only). Each window element is a register loaded on
//           emit from a mux over the frame, addressed by the window's
//           top-left coordinate (by, bx). See docs/architecture.md.
// Reset     phase load, counters 0, m_tvalid 0; frame and window data are
//           not reset.
`default_nettype none

module siman_window #(
  parameter integer C = 1,
  parameter integer H = 3,
  parameter integer W = 3,
  parameter integer KH = 3,
  parameter integer KW = 3,
  parameter integer SH = 1,
  parameter integer SW = 1,
  parameter integer PH = 1,
  parameter integer PW = 1,
  parameter integer EBW = 1,
  parameter integer PAD = 0,
  parameter integer POOL = 0,
  parameter [C-1:0] OPS = {C{1'b0}}
) (
  input  wire                                           clk,
  input  wire                                           rst,
  input  wire [C*EBW-1:0]                               s_tdata,
  input  wire                                           s_tvalid,
  output wire                                           s_tready,
  output wire [((POOL != 0) ? C : C*KH*KW*EBW)-1:0]     m_tdata,
  output wire                                           m_tvalid,
  input  wire                                           m_tready
);
  localparam integer OH = (H + 2 * PH - KH) / SH + 1;
  localparam integer OW = (W + 2 * PW - KW) / SW + 1;
  localparam integer NPIX = H * W;
  localparam integer NWIN = OH * OW;
  localparam integer PIXW = C * EBW;
  localparam integer TAPS = KH * KW;
  localparam integer WINW = C * TAPS * EBW;
  localparam integer PCW = (NPIX > 1) ? $clog2(NPIX) : 1;
  localparam integer WCW = (NWIN > 1) ? $clog2(NWIN) : 1;
  localparam [31:0] PIX_LAST32 = NPIX - 1;
  localparam [31:0] WIN_LAST32 = NWIN - 1;
  localparam [31:0] PAD32 = PAD;
  localparam [PCW-1:0] PIX_LAST = PIX_LAST32[PCW-1:0];
  localparam [WCW-1:0] WIN_LAST = WIN_LAST32[WCW-1:0];
  localparam [EBW-1:0] PAD_V = PAD32[EBW-1:0];

`ifndef SYNTHESIS
  initial begin
    if (C < 1 || H < 1 || W < 1 || KH < 1 || KW < 1 || SH < 1 || SW < 1 || EBW < 1)
      $fatal(1, "siman_window: C, H, W, KH, KW, SH, SW, EBW must be >= 1");
    if (PH < 0 || PW < 0 || KH > H + 2 * PH || KW > W + 2 * PW)
      $fatal(1, "siman_window: the kernel must fit the padded image");
    if (POOL != 0 && (EBW != 1 || PH != 0 || PW != 0))
      $fatal(1, "siman_window: POOL = 1 needs EBW = 1 and no padding");
    if (PAD < 0 || PAD >= 2 ** EBW) $fatal(1, "siman_window: PAD must fit EBW bits");
  end
`endif

  /* verilator lint_off UNUSEDSIGNAL */ // pixels skipped by the stride are never read
  reg [NPIX*PIXW-1:0] frame;
  /* verilator lint_on UNUSEDSIGNAL */
  reg [PCW-1:0] pix;
  reg [WCW-1:0] win;
  reg           loading;
  reg           valid_q;
  // Top-left input coordinate of window `win` (oy*SH - PH, ox*SW - PW).
  reg signed [31:0] by, bx;
  wire [WINW-1:0] win_q;

  wire s_fire = s_tvalid && loading;
  wire emit = !loading && (!valid_q || m_tready);
  wire ox_last = (bx == (OW - 1) * SW - PW);

  assign s_tready = loading;
  assign m_tvalid = valid_q;

  // One register per window element: a mux over the frame, loaded on emit.
  genvar gc, gy, gx;
  generate
    for (gc = 0; gc < C; gc = gc + 1) begin : g_ch
      for (gy = 0; gy < KH; gy = gy + 1) begin : g_ky
        for (gx = 0; gx < KW; gx = gx + 1) begin : g_kx
          localparam integer T = (gc * KH + gy) * KW + gx;
          wire signed [31:0] iy = by + gy;
          wire signed [31:0] ix = bx + gx;
          wire in_img = (iy >= 0) && (iy < H) && (ix >= 0) && (ix < W);
          /* verilator lint_off UNUSEDSIGNAL */ // only the low bits address the frame
          wire [31:0] src = ((iy * W + ix) * C + gc) * EBW;
          /* verilator lint_on UNUSEDSIGNAL */
          reg  [EBW-1:0] tap_q;
          always @(posedge clk) begin
            if (emit) tap_q <= in_img ? frame[src +: EBW] : PAD_V;
          end
          assign win_q[T*EBW +: EBW] = tap_q;
        end
      end
    end
    if (POOL != 0) begin : g_pool
      for (gc = 0; gc < C; gc = gc + 1) begin : g_red
        assign m_tdata[gc] = OPS[gc] ? &win_q[gc*TAPS +: TAPS] : |win_q[gc*TAPS +: TAPS];
      end
    end else begin : g_win
      assign m_tdata = win_q;
    end
  endgenerate

  always @(posedge clk) begin
    if (s_fire) frame[pix * PIXW +: PIXW] <= s_tdata;
    if (rst) begin
      loading <= 1'b1;
      pix <= {PCW{1'b0}};
      win <= {WCW{1'b0}};
      by <= -PH;
      bx <= -PW;
      valid_q <= 1'b0;
    end else begin
      if (s_fire) begin
        if (pix == PIX_LAST) begin
          pix <= {PCW{1'b0}};
          loading <= 1'b0;
        end else begin
          pix <= pix + 1'b1;
        end
      end
      if (emit) begin
        valid_q <= 1'b1;
        if (win == WIN_LAST) begin
          win <= {WCW{1'b0}};
          by <= -PH;
          bx <= -PW;
          loading <= 1'b1;
        end else begin
          win <= win + 1'b1;
          if (ox_last) begin
            bx <= -PW;
            by <= by + SH;
          end else begin
            bx <= bx + SW;
          end
        end
      end else if (m_tready) begin
        valid_q <= 1'b0;
      end
    end
  end
endmodule

`default_nettype wire
