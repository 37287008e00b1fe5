// siman_window: streaming line-buffer window unit (sliding window, max-pool,
// gather).
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
//           CLASSES > 1 (zero padding of +-1 activations, see
//           docs/numerics.md section 9) appends the border class of the
//           window's output position at [C*KH*KW*EBW +: CLS_W]:
//           ROW_CLS[r*CLS_W +: CLS_W] + COL_CLS[c*CLS_W +: CLS_W] for the
//           padded coordinate (r, c) of its bottom-right tap (the planner's
//           tables: row class * column classes, column class).
// Params    C, H, W, KH, KW, SH, SW, PH, PW, EBW, PAD, POOL, OPS,
//           CLASSES, CLS_W, ROW_CLS, COL_CLS
// Storage   A shift register `sr` over the padded pixel stream
//           (HP = H + 2*PH rows of WP = W + 2*PW pixels, row-major) of
//           LEN = (KH-1)*WP + KW pixels; sr[0] is the newest pixel. Tap
//           (ky, kx) of the window is sr[(KH-1-ky)*WP + (KW-1-kx)]: fixed
//           wires, no multiplexer over positions. The unit injects the pad
//           pixels itself, so the input stays H*W beats per image; (r, c)
//           is the padded coordinate of the next pixel to shift in,
//           wrapping from the last one of an image to (0, 0) of the next
//           (images follow each other without a gap; windows straddling
//           two images are never emitted).
// Timing    Per cycle, with pad = pixel (r, c) is padding:
//             shift = (!m_tvalid || m_tready) && (pad || hold_v || s_fire)
//           shifting in PAD, else the held pixel, else s_tdata. A shift of
//           the pixel that completes an output position's window
//           (bottom-right tap; top-left aligned to the stride and inside
//           OH x OW) sets m_tvalid; any other shift clears it, and without
//           a shift m_tready clears it. While m_tvalid && !m_tready
//           nothing shifts: that is the back-pressure. A pixel taken
//           (s_tready = !hold_v) in a cycle in which it cannot shift (a
//           pad shifts, or the output is blocked) waits in `hold`, which
//           stops s_tready until it has shifted. Without stalls one padded
//           pixel shifts per cycle.
//           s_tready, m_tvalid and m_tdata are registers or functions of
//           registers only (m_tdata: the tap registers, or their
//           per-channel AND/OR). See docs/architecture.md.
// Reset     (r, c) = (0, 0), m_tvalid = 0, hold empty (s_tready = 1); the
//           shift register and `hold` are not reset.
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
  parameter [C-1:0] OPS = {C{1'b0}},
  parameter integer CLASSES = 1,
  parameter integer CLS_W = 1,
  parameter [(H+2*PH)*CLS_W-1:0] ROW_CLS = 0,
  parameter [(W+2*PW)*CLS_W-1:0] COL_CLS = 0
) (
  input  wire                                           clk,
  input  wire                                           rst,
  input  wire [C*EBW-1:0]                               s_tdata,
  input  wire                                           s_tvalid,
  output wire                                           s_tready,
  output wire [((POOL != 0) ? C : C*KH*KW*EBW + ((CLASSES > 1) ? CLS_W : 0))-1:0] m_tdata,
  output wire                                           m_tvalid,
  input  wire                                           m_tready
);
  localparam integer HP = H + 2 * PH;
  localparam integer WP = W + 2 * PW;
  localparam integer OH = (HP - KH) / SH + 1;
  localparam integer OW = (WP - KW) / SW + 1;
  localparam integer PIXW = C * EBW;
  localparam integer TAPS = KH * KW;
  localparam integer WINW = C * TAPS * EBW;
  localparam integer LEN = (KH - 1) * WP + KW;
  localparam integer RW = (HP > 1) ? $clog2(HP) : 1;
  localparam integer CW = (WP > 1) ? $clog2(WP) : 1;
  localparam [31:0] PAD32 = PAD;
  localparam [31:0] R_LAST32 = HP - 1;
  localparam [31:0] C_LAST32 = WP - 1;
  localparam [EBW-1:0] PAD_V = PAD32[EBW-1:0];
  localparam [PIXW-1:0] PAD_PIX = {C{PAD_V}};
  localparam [RW-1:0] R_LAST = R_LAST32[RW-1:0];
  localparam [CW-1:0] C_LAST = C_LAST32[CW-1:0];

`ifndef SYNTHESIS
  initial begin
    if (C < 1 || H < 1 || W < 1 || KH < 1 || KW < 1 || SH < 1 || SW < 1 || EBW < 1)
      $fatal(1, "siman_window: C, H, W, KH, KW, SH, SW, EBW must be >= 1");
    if (PH < 0 || PW < 0 || KH > HP || KW > WP)
      $fatal(1, "siman_window: the kernel must fit the padded image");
    if (POOL != 0 && (EBW != 1 || PH != 0 || PW != 0))
      $fatal(1, "siman_window: POOL = 1 needs EBW = 1 and no padding");
    if (PAD < 0 || PAD >= 2 ** EBW) $fatal(1, "siman_window: PAD must fit EBW bits");
    if (CLASSES < 1 || CLASSES > 2 ** CLS_W) $fatal(1, "siman_window: CLASSES must be in 1..2^CLS_W");
    if (CLASSES > 1 && POOL != 0) $fatal(1, "siman_window: border classes need POOL = 0");
  end
`endif

  // Constant per-row / per-column tables: padding, and "a window's
  // bottom-right tap lies here" (top-left r-KH+1 = oy*SH with oy < OH).
  wire [HP-1:0] row_pad, row_hit;
  wire [WP-1:0] col_pad, col_hit;
  genvar g;
  generate
    for (g = 0; g < HP; g = g + 1) begin : g_row
      localparam integer D = g - (KH - 1);
      assign row_pad[g] = (g < PH) || (g >= PH + H);
      assign row_hit[g] = (D >= 0) && (D % SH == 0) && (D / SH < OH);
    end
    for (g = 0; g < WP; g = g + 1) begin : g_col
      localparam integer D = g - (KW - 1);
      assign col_pad[g] = (g < PW) || (g >= PW + W);
      assign col_hit[g] = (D >= 0) && (D % SW == 0) && (D / SW < OW);
    end
  endgenerate

  reg [LEN*PIXW-1:0] sr;
  reg [RW-1:0]       r;
  reg [CW-1:0]       c;
  reg                pad_q;     // pixel (r, c) is padding
  reg                hit_q;     // shifting pixel (r, c) completes a window
  reg                valid_q;
  reg [PIXW-1:0]     hold;      // a pixel taken while it could not shift
  reg                hold_v;
  reg                ready_q;   // = !hold_v

  wire out_free = !valid_q || m_tready;
  wire s_fire = s_tvalid && ready_q;
  wire shift = out_free && (pad_q || hold_v || s_fire);
  wire [PIXW-1:0] din = pad_q ? PAD_PIX : hold_v ? hold : s_tdata;
  wire hold_nx = (hold_v || s_fire) && (pad_q || !out_free);
  wire c_last = (c == C_LAST);
  wire [CW-1:0] c_nx = c_last ? {CW{1'b0}} : c + 1'b1;
  wire [RW-1:0] r_nx = !c_last ? r : (r == R_LAST) ? {RW{1'b0}} : r + 1'b1;
  wire pad_nx = shift ? (row_pad[r_nx] || col_pad[c_nx]) : pad_q;
  wire valid_nx = shift ? hit_q : (valid_q && !m_tready);

  assign s_tready = ready_q;
  assign m_tvalid = valid_q;

  generate
    if (LEN > 1) begin : g_sr
      always @(posedge clk) if (shift) sr <= {sr[(LEN-1)*PIXW-1:0], din};
    end else begin : g_sr1
      always @(posedge clk) if (shift) sr <= din;
    end
  endgenerate

  // The window: fixed taps of the shift register.
  wire [WINW-1:0] win;
  genvar gc, gy, gx;
  generate
    for (gc = 0; gc < C; gc = gc + 1) begin : g_ch
      for (gy = 0; gy < KH; gy = gy + 1) begin : g_ky
        for (gx = 0; gx < KW; gx = gx + 1) begin : g_kx
          localparam integer T = (gc * KH + gy) * KW + gx;
          localparam integer J = (KH - 1 - gy) * WP + (KW - 1 - gx);
          assign win[T*EBW +: EBW] = sr[J*PIXW + gc*EBW +: EBW];
        end
      end
    end
    if (POOL != 0) begin : g_pool
      for (gc = 0; gc < C; gc = gc + 1) begin : g_red
        assign m_tdata[gc] = OPS[gc] ? &win[gc*TAPS +: TAPS] : |win[gc*TAPS +: TAPS];
      end
    end else if (CLASSES > 1) begin : g_win_cls
      // cls_p: class of the window that shifting pixel (r, c) completes;
      // cls_q: class of the window on m_tdata (loaded as it shifts).
      reg  [CLS_W-1:0] cls_p, cls_q;
      wire [CLS_W-1:0] row_nx = ROW_CLS[r_nx*CLS_W +: CLS_W];
      wire [CLS_W-1:0] col_nx = COL_CLS[c_nx*CLS_W +: CLS_W];
      always @(posedge clk) begin
        if (rst) cls_p <= ROW_CLS[CLS_W-1:0] + COL_CLS[CLS_W-1:0];
        else if (shift) begin
          cls_q <= cls_p;
          cls_p <= row_nx + col_nx;
        end
      end
      assign m_tdata = {cls_q, win};
    end else begin : g_win
      assign m_tdata = win;
    end
  endgenerate

  always @(posedge clk) begin
    if (s_fire) hold <= s_tdata;
    if (rst) begin
      r <= {RW{1'b0}};
      c <= {CW{1'b0}};
      pad_q <= row_pad[0] || col_pad[0];
      hit_q <= row_hit[0] && col_hit[0];
      valid_q <= 1'b0;
      hold_v <= 1'b0;
      ready_q <= 1'b1;
    end else begin
      valid_q <= valid_nx;
      hold_v <= hold_nx;
      ready_q <= !hold_nx;
      pad_q <= pad_nx;
      if (shift) begin
        r <= r_nx;
        c <= c_nx;
        hit_q <= row_hit[r_nx] && col_hit[c_nx];
      end
    end
  end
endmodule

`default_nettype wire
