// Verilator testbench for a generated siman-hw top level (docs/verification.md).
//
// It drives the AXI4-Stream ports of the top (built with --prefix Vtop) from
// a vector file, applies the shared seeded stall pattern on both stream
// ends, and logs every input and output transfer with its cycle number:
//
//   harness VECTORS OUT SEED STALL_PERMILLE WATCHDOG_CYCLES
//
// VECTORS: one input beat per line, hex, most significant digit first.
// OUT:     "i CYCLE" for each input transfer, "o CYCLE HEX" for each output
//          transfer, then "end CYCLES" (cycles simulated).
// Cycle numbering: cycle 0 is the first rising edge after reset is released
// (reset is held high for RESET_CYCLES edges before it).
// Stall pattern: xorshift32 (x ^= x << 13; x ^= x >> 17; x ^= x << 5), drawn
// twice every cycle, first for the source, then for the sink. The source,
// holding a beat with tvalid low, raises tvalid when (x % 1000) >= permille
// and keeps it high until the transfer; the sink drives
// tready = (x % 1000) >= permille.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "Vtop.h"
#include "verilated.h"

namespace {

constexpr int RESET_CYCLES = 2;

struct Xorshift32 {
    uint32_t x;
    uint32_t next() {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        return x;
    }
};

using Words = std::vector<uint32_t>;

// Parse a hex string (MSB first) into little-endian 32-bit words.
bool parseHex(const std::string& s, Words& out, size_t nwords) {
    out.assign(nwords, 0);
    size_t bit = 0;
    for (size_t i = s.size(); i-- > 0;) {
        char c = s[i];
        uint32_t v;
        if (c >= '0' && c <= '9') v = c - '0';
        else if (c >= 'a' && c <= 'f') v = c - 'a' + 10;
        else if (c >= 'A' && c <= 'F') v = c - 'A' + 10;
        else return false;
        if (v != 0) {
            if (bit / 32 >= nwords) return false;
            out[bit / 32] |= v << (bit % 32);
        }
        bit += 4;
    }
    return true;
}

std::string toHex(const Words& w, int bits) {
    int digits = (bits + 3) / 4;
    std::string s(digits, '0');
    for (int d = 0; d < digits; ++d) {
        int bit = d * 4;
        uint32_t v = (w[bit / 32] >> (bit % 32)) & 0xF;
        s[digits - 1 - d] = "0123456789abcdef"[v];
    }
    return s;
}

// Verilator stores ports of up to 64 bits as integers and wider ones as
// VlWide<N> word arrays; these overloads hide the difference.
template <typename T>
void setPort(T& port, const Words& w) {
    uint64_t v = w.empty() ? 0 : w[0];
    if (sizeof(T) > 4 && w.size() > 1) v |= static_cast<uint64_t>(w[1]) << 32;
    port = static_cast<T>(v);
}
template <std::size_t N>
void setPort(VlWide<N>& port, const Words& w) {
    for (std::size_t i = 0; i < N; ++i) port[i] = i < w.size() ? w[i] : 0;
}
template <typename T>
Words getPort(const T& port) {
    uint64_t v = static_cast<uint64_t>(port);
    return Words{static_cast<uint32_t>(v), static_cast<uint32_t>(v >> 32)};
}
template <std::size_t N>
Words getPort(const VlWide<N>& port) {
    Words w(N);
    for (std::size_t i = 0; i < N; ++i) w[i] = port[i];
    return w;
}
template <typename T>
constexpr size_t portWords(const T&) { return sizeof(T) > 4 ? 2 : 1; }
template <std::size_t N>
constexpr size_t portWords(const VlWide<N>&) { return N; }

}  // namespace

int main(int argc, char** argv) {
    if (argc != 6 && argc != 7) {
        std::fprintf(stderr, "usage: %s VECTORS OUT SEED STALL_PERMILLE WATCHDOG_CYCLES [BEATS_PER_OUTPUT]\n", argv[0]);
        return 2;
    }
    const std::string vecPath = argv[1];
    const std::string outPath = argv[2];
    uint32_t seed = static_cast<uint32_t>(std::strtoul(argv[3], nullptr, 10));
    const uint32_t permille = static_cast<uint32_t>(std::strtoul(argv[4], nullptr, 10));
    const uint64_t watchdog = std::strtoull(argv[5], nullptr, 10);
    // Input beats per output beat: 1 for vectors, h*w for images sent pixel by pixel.
    const size_t perOutput = argc == 7 ? std::strtoull(argv[6], nullptr, 10) : 1;
    if (perOutput == 0) {
        std::fprintf(stderr, "harness: BEATS_PER_OUTPUT must be >= 1\n");
        return 2;
    }
    if (seed == 0) {
        std::fprintf(stderr, "harness: seed must be non-zero\n");
        return 2;
    }

    auto ctx = std::make_unique<VerilatedContext>();
    ctx->commandArgs(argc, argv);
    auto top = std::make_unique<Vtop>(ctx.get());

    const size_t inWords = portWords(top->s_axis_tdata);
    std::vector<Words> beats;
    {
        std::ifstream in(vecPath);
        if (!in) {
            std::fprintf(stderr, "harness: cannot open %s\n", vecPath.c_str());
            return 2;
        }
        std::string line;
        size_t lineNo = 0;
        while (std::getline(in, line)) {
            ++lineNo;
            if (!line.empty() && line.back() == '\r') line.pop_back();
            if (line.empty()) continue;
            Words w;
            if (!parseHex(line, w, inWords)) {
                std::fprintf(stderr, "harness: %s:%zu: bad hex beat\n", vecPath.c_str(), lineNo);
                return 2;
            }
            beats.push_back(w);
        }
    }
    std::FILE* out = std::fopen(outPath.c_str(), "w");
    if (!out) {
        std::fprintf(stderr, "harness: cannot write %s\n", outPath.c_str());
        return 2;
    }

    const int outBits = static_cast<int>(sizeof(top->m_axis_tdata) * 8);
    Xorshift32 rng{seed};

    // Reset: RESET_CYCLES rising edges with rst high and both ends idle.
    top->rst = 1;
    top->s_axis_tvalid = 0;
    top->m_axis_tready = 0;
    setPort(top->s_axis_tdata, Words(inWords, 0));
    for (int i = 0; i < RESET_CYCLES; ++i) {
        top->clk = 0;
        top->eval();
        top->clk = 1;
        top->eval();
    }
    top->rst = 0;

    size_t next = 0;      // next beat to send
    bool srcValid = false;
    size_t received = 0;
    uint64_t cycle = 0;
    uint64_t lastOutput = 0;
    int status = 0;
    const size_t expected = beats.size() / perOutput;
    while (received < expected) {
        const uint32_t srcDraw = rng.next() % 1000;
        const uint32_t snkDraw = rng.next() % 1000;
        if (next < beats.size() && !srcValid && srcDraw >= permille) srcValid = true;
        top->s_axis_tvalid = srcValid ? 1 : 0;
        setPort(top->s_axis_tdata, next < beats.size() ? beats[next] : Words(inWords, 0));
        top->m_axis_tready = snkDraw >= permille ? 1 : 0;
        top->clk = 0;
        top->eval();

        const bool inFire = top->s_axis_tvalid && top->s_axis_tready;
        const bool outFire = top->m_axis_tvalid && top->m_axis_tready;
        if (inFire) std::fprintf(out, "i %llu\n", static_cast<unsigned long long>(cycle));
        if (outFire) {
            std::fprintf(out, "o %llu %s\n", static_cast<unsigned long long>(cycle),
                         toHex(getPort(top->m_axis_tdata), outBits).c_str());
            ++received;
            lastOutput = cycle;
        }
        top->clk = 1;
        top->eval();
        if (inFire) {
            ++next;
            srcValid = false;
        }
        ++cycle;
        if (cycle - lastOutput > watchdog && received < expected) {
            std::fprintf(stderr, "harness: no output for %llu cycles (received %zu of %zu)\n",
                         static_cast<unsigned long long>(watchdog), received, expected);
            status = 4;
            break;
        }
    }
    std::fprintf(out, "end %llu\n", static_cast<unsigned long long>(cycle));
    std::fclose(out);
    top->final();
    return status;
}
