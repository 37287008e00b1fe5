// Generic clock/reset driver for the self-checking testbenches in this
// folder. The top module (class Vtop) has ports clk, rst, done and
// errors[31:0]; all stimulus and checking happen in the testbench itself.
// Runtime options: +max_cycles=N (default 2000000), plus any plusargs the
// testbench reads ($value$plusargs). Exit status: 0 pass, 1 errors,
// 2 timeout (done never rose), 3 $finish/$fatal before done.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>

#include "Vtop.h"
#include "verilated.h"

int main(int argc, char** argv) {
  auto ctx = std::make_unique<VerilatedContext>();
  ctx->commandArgs(argc, argv);
  uint64_t max_cycles = 2000000;
  for (int i = 1; i < argc; i++) {
    if (std::strncmp(argv[i], "+max_cycles=", 12) == 0) max_cycles = std::strtoull(argv[i] + 12, nullptr, 10);
  }
  auto top = std::make_unique<Vtop>(ctx.get());
  top->clk = 0;
  top->rst = 1;
  top->eval();
  uint64_t cycle = 0;
  bool done = false;
  for (; cycle < max_cycles && !ctx->gotFinish(); cycle++) {
    top->rst = cycle < 4 ? 1 : 0;
    top->clk = 1;
    top->eval();
    ctx->timeInc(1);
    top->clk = 0;
    top->eval();
    ctx->timeInc(1);
    if (top->done) {
      done = true;
      break;
    }
  }
  const uint32_t errors = top->errors;
  top->final();
  std::fflush(stdout);
  if (!done) {
    std::printf("TB %s after %llu cycles\n", ctx->gotFinish() ? "FINISHED-EARLY" : "TIMEOUT",
                static_cast<unsigned long long>(cycle));
    return ctx->gotFinish() ? 3 : 2;
  }
  std::printf("TB DONE cycles=%llu errors=%u\n", static_cast<unsigned long long>(cycle), errors);
  return errors == 0 ? 0 : 1;
}
