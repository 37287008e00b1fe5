// The plain native loop the packed reference is compared against: a
// fully connected binarized MLP, 64-bit words, __builtin_popcountll,
// xnor hidden layers thresholded at a constant, one thread. A uint first
// layer (bits > 0) is an integer loop over bytes (w·x with w ∈ {0,1}),
// which the compiler vectorizes. Usage:
//   ref-loop BITS VECTORS IN H1 [H2 ...] OUT
// BITS 0 = bipolar input. Prints "vectors checksum".
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <vector>

static uint64_t state = 0x9e3779b97f4a7c15ull;
static uint64_t next() {
  state ^= state << 13;
  state ^= state >> 7;
  state ^= state << 17;
  return state;
}

int main(int argc, char** argv) {
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
