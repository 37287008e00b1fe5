// The plain native loop the packed reference is compared against: a
// fully connected binarized MLP, 64-bit words, __builtin_popcountll,
// xnor hidden layers thresholded at a constant, one thread. A uint first
// layer (bits > 0) is an integer loop over bytes (w·x with w ∈ {0,1}),
// which the compiler vectorizes. Usage:
//   ref-loop BITS VECTORS IN H1 [H2 ...] OUT
// BITS 0 = bipolar input. Prints "vectors checksum".
//
// The digits CNN's shape and arithmetic (`and` semantics throughout):
//   ref-loop cnn BITS VECTORS C H W C1 C2 OUT
// a uint BITS-bit C×H×W image; conv 3×3 pad 1 to C1 channels as an integer
// loop over a zero-bordered copy of the image (w·x, w ∈ {0,1}); threshold;
// 2×2 maxpool (OR); conv 3×3 pad 1 to C2 channels on ±1 bits packed
// channels-last in 64-bit words (a padded tap is the bit 0, so it adds
// nothing and is skipped), AND-popcount per tap; threshold; 2×2 maxpool;
// a dense layer to OUT scores.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <algorithm>
#include <vector>

static uint64_t state = 0x9e3779b97f4a7c15ull;
static uint64_t next() {
  state ^= state << 13;
  state ^= state >> 7;
  state ^= state << 17;
  return state;
}

static int cnn(int argc, char** argv) {
  if (argc != 10) return 2;
  const int bits = std::atoi(argv[2]);
  const long vectors = std::atol(argv[3]);
  const int C = std::atoi(argv[4]), H = std::atoi(argv[5]), W = std::atoi(argv[6]);
  const int C1 = std::atoi(argv[7]), C2 = std::atoi(argv[8]), OUT = std::atoi(argv[9]);
  const int H1 = H / 2, W1 = W / 2, H2 = H1 / 2, W2 = W1 / 2;
  const int cw1 = (C1 + 63) / 64;
  // conv1 weights [c1][ci][3][3] as bytes; conv2 [c2][tap][cw1] words; dense [out][words] over H2·W2·C2 bits.
  std::vector<uint8_t> w1((size_t)C1 * C * 9);
  for (auto& x : w1) x = next() & 1;
  std::vector<uint64_t> w2((size_t)C2 * 9 * cw1);
  for (auto& x : w2) x = next();
  if (C1 % 64)
    for (size_t i = cw1 - 1; i < w2.size(); i += cw1) w2[i] &= (1ull << (C1 % 64)) - 1;
  const int cw2 = (C2 + 63) / 64;
  const int fin = H2 * W2 * cw2;  // words of the flattened input (channel tails zero)
  std::vector<uint64_t> w3((size_t)OUT * fin);
  for (auto& x : w3) x = next();
  if (C2 % 64)
    for (size_t i = cw2 - 1; i < w3.size(); i += cw2) w3[i] &= (1ull << (C2 % 64)) - 1;
  const int t1 = 9 * C * ((1 << bits) - 1) / 4, t2 = 9 * C1 / 4;
  std::vector<uint8_t> img((size_t)C * (H + 2) * (W + 2), 0);  // zero border = the padding
  std::vector<uint64_t> a1((size_t)H * W * cw1), p1((size_t)H1 * W1 * cw1), a2((size_t)H1 * W1 * cw2), p2((size_t)fin);
  long checksum = 0;
  for (long v = 0; v < vectors; v++) {
    for (int ci = 0; ci < C; ci++)
      for (int y = 0; y < H; y++)
        for (int x = 0; x < W; x++) img[((size_t)ci * (H + 2) + y + 1) * (W + 2) + x + 1] = (uint8_t)(next() & ((1u << bits) - 1));
    std::fill(a1.begin(), a1.end(), 0);
    for (int y = 0; y < H; y++)
      for (int x = 0; x < W; x++)
        for (int c = 0; c < C1; c++) {
          const uint8_t* w = &w1[(size_t)c * C * 9];
          int s = 0;
          for (int ci = 0; ci < C; ci++)
            for (int ky = 0; ky < 3; ky++)
              for (int kx = 0; kx < 3; kx++) s += w[(ci * 3 + ky) * 3 + kx] * img[((size_t)ci * (H + 2) + y + ky) * (W + 2) + x + kx];
          if (s >= t1) a1[(size_t)(y * W + x) * cw1 + (c >> 6)] |= 1ull << (c & 63);
        }
    for (int y = 0; y < H1; y++)
      for (int x = 0; x < W1; x++)
        for (int j = 0; j < cw1; j++) {
          const size_t i0 = (size_t)(2 * y * W + 2 * x) * cw1 + j;
          p1[(size_t)(y * W1 + x) * cw1 + j] = a1[i0] | a1[i0 + cw1] | a1[i0 + (size_t)W * cw1] | a1[i0 + (size_t)(W + 1) * cw1];
        }
    std::fill(a2.begin(), a2.end(), 0);
    for (int y = 0; y < H1; y++)
      for (int x = 0; x < W1; x++)
        for (int c = 0; c < C2; c++) {
          int q = 0;
          for (int ky = 0; ky < 3; ky++) {
            const int iy = y + ky - 1;
            if (iy < 0 || iy >= H1) continue;
            for (int kx = 0; kx < 3; kx++) {
              const int ix = x + kx - 1;
              if (ix < 0 || ix >= W1) continue;
              const uint64_t* w = &w2[((size_t)c * 9 + ky * 3 + kx) * cw1];
              const uint64_t* a = &p1[(size_t)(iy * W1 + ix) * cw1];
              for (int j = 0; j < cw1; j++) q += __builtin_popcountll(w[j] & a[j]);
            }
          }
          if (q >= t2) a2[(size_t)(y * W1 + x) * cw2 + (c >> 6)] |= 1ull << (c & 63);
        }
    for (int y = 0; y < H2; y++)
      for (int x = 0; x < W2; x++)
        for (int j = 0; j < cw2; j++) {
          const size_t i0 = (size_t)(2 * y * W1 + 2 * x) * cw2 + j;
          p2[(size_t)(y * W2 + x) * cw2 + j] = a2[i0] | a2[i0 + cw2] | a2[i0 + (size_t)W1 * cw2] | a2[i0 + (size_t)(W1 + 1) * cw2];
        }
    for (int c = 0; c < OUT; c++) {
      const uint64_t* row = &w3[(size_t)c * fin];
      int q = 0;
      for (int j = 0; j < fin; j++) q += __builtin_popcountll(row[j] & p2[j]);
      checksum += q;
    }
  }
  std::printf("%ld %ld\n", vectors, checksum);
  return 0;
}

int main(int argc, char** argv) {
  if (argc > 1 && std::string(argv[1]) == "cnn") return cnn(argc, argv);
  if (argc < 5) return 2;
  const int bits = std::atoi(argv[1]);
  const long vectors = std::atol(argv[2]);
  std::vector<int> dims;
  for (int i = 3; i < argc; i++) dims.push_back(std::atoi(argv[i]));
  const int layers = (int)dims.size() - 1;
  std::vector<std::vector<uint64_t>> w(layers);
  std::vector<int> words(layers);
  for (int l = 0; l < layers; l++) {
    words[l] = (dims[l] + 63) / 64;
    w[l].resize((size_t)dims[l + 1] * words[l]);
    for (auto& x : w[l]) x = next();
    if (dims[l] % 64)  // tail bits beyond the fan-in are zero
      for (int c = 0; c < dims[l + 1]; c++) w[l][(size_t)c * words[l] + words[l] - 1] &= (1ull << (dims[l] % 64)) - 1;
  }
  const int in = dims[0];
  std::vector<uint8_t> w0(bits ? (size_t)dims[1] * in : 0);
  for (auto& x : w0) x = next() & 1;
  std::vector<uint8_t> xin((size_t)in);
  std::vector<uint64_t> a(words[0]), b;
  long checksum = 0;
  for (long v = 0; v < vectors; v++) {
    int l0 = 0;
    if (bits) {
      for (auto& x : xin) x = (uint8_t)(next() & ((1u << bits) - 1));
      b.assign((dims[1] + 63) / 64, 0);
      for (int c = 0; c < dims[1]; c++) {
        const uint8_t* row = &w0[(size_t)c * in];
        int s = 0;
        for (int i = 0; i < in; i++) s += row[i] * xin[i];
        if (s >= 64 * in) b[c >> 6] |= 1ull << (c & 63);
      }
      a.swap(b);
      l0 = 1;
    } else {
      for (auto& x : a) x = next();
      if (in % 64) a[words[0] - 1] &= (1ull << (in % 64)) - 1;
    }
    for (int l = l0; l < layers; l++) {
      const int n = dims[l], wl = words[l];
      const bool last = l == layers - 1;
      b.assign((dims[l + 1] + 63) / 64, 0);
      for (int c = 0; c < dims[l + 1]; c++) {
        const uint64_t* row = &w[l][(size_t)c * wl];
        int q = 0;
        for (int j = 0; j < wl; j++) q += __builtin_popcountll(~(row[j] ^ a[j]));
        q -= 64 * wl - n;  // the tail's zero bits counted as agreements
        if (last) checksum += q;
        else if (2 * q >= n) b[c >> 6] |= 1ull << (c & 63);
      }
      a.swap(b);
    }
  }
  std::printf("%ld %ld\n", vectors, checksum);
  return 0;
}
