#!/usr/bin/env python3
"""Train a SiMaN-binarized MLP and CNN on the digits data, with and without
L2 weight decay, and export each as siman-hw model JSON and as ONNX.

    python3 examples/siman-train/train.py      # from the repository root

Networks ({0,+1} weights, 'and' semantics, uint5 pixels 0..16 as integers):
  mlp: dense 64->128 -> BN -> sign -> dense 128->10 -> BN
  cnn: [1,8,8] conv 3x3 1->32 pad 1 -> BN -> sign -> maxpool 2 -> [32,4,4]
       conv 3x3 32->32 (no padding) -> BN -> sign -> [32,2,2]
       flatten -> dense 128->10 -> BN
The second conv is unpadded (trained when siman-hw imported zero padding only
on the uint input; zero padding of +-1 activations now imports too, with
thresholds per border class: docs/numerics.md section 9).

Weights: SiMaN rule per output channel (bit 1 where |w - mean| exceeds the
lower median of |w - mean|, docs/numerics.md section 1), forward value the
bit itself (no alpha: the batchnorm after every layer absorbs a per-channel
scale), straight-through gradient times sign(w - mean) (moving a weight
away from its channel mean is what turns its bit on). Activations: sign
(0 -> +1) with the hardtanh straight-through gradient.

Each network is trained twice with the same seed and epochs: weight decay 0
(the SiMaN paper's recommendation) and L2 weight decay WD on the latent
weights (Adam's coupled L2 term; batchnorm parameters undecayed).

Writes, per run NAME in {mlp, mlp-wd, cnn, cnn-wd}:
  NAME.json           siman-hw model, binarize "siman"; its latent float32
  NAME-LAYER.npy      weights in one .npy per layer
  NAME.onnx           torch.onnx.export of the inference graph: MatMul/Conv
                      with the binarized 0/1 weights, BatchNormalization,
                      Sign, MaxPool, Flatten; input the raw pixel values
  NAME.expected.json  torch's predictions on all 1797 rows of digits.csv,
                      test accuracy, rows whose Sign input is within 1e-4
                      of 0 (ONNX/torch Sign(0) = 0, siman-hw +1) and rows
                      whose two best logits are within 1e-4
  stats.json          per layer: ones fraction and bit entropy under the
                      siman and sign rules, latent kurtosis, Laplace fit
Deterministic: fixed seed, one thread, deterministic algorithms.
"""
import json
import math
import os
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, '..', 'digits', 'digits.csv')
SEED = 1
LR = 0.01
BATCH = 32
TRAIN_ROWS = 1437
WD = 5e-4
EPOCHS = {'mlp': 60, 'cnn': 40}

torch.set_num_threads(1)
torch.use_deterministic_algorithms(True)


def siman_bits_t(w2d):
    """SiMaN rule per row of a [out, n] tensor (float32, for training)."""
    m = w2d.mean(dim=1, keepdim=True)
    d = (w2d - m).abs()
    med = d.sort(dim=1).values[:, (w2d.shape[1] - 1) // 2].unsqueeze(1)
    return (d > med).to(w2d.dtype)


class BinWeight(torch.autograd.Function):
    @staticmethod
    def forward(ctx, w):
        w2 = w.reshape(w.shape[0], -1)
        ctx.save_for_backward(torch.sign(w2 - w2.mean(dim=1, keepdim=True)).reshape(w.shape))
        return siman_bits_t(w2).reshape(w.shape)

    @staticmethod
    def backward(ctx, g):
        (direction,) = ctx.saved_tensors
        return g * direction


class SignSTE(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return torch.where(x >= 0, torch.ones_like(x), -torch.ones_like(x))

    @staticmethod
    def backward(ctx, g):
        (x,) = ctx.saved_tensors
        return g * (x.abs() <= 1).to(g.dtype)


class Mlp(nn.Module):
    kind = 'mlp'

    def __init__(self):
        super().__init__()
        self.w1 = nn.Parameter(torch.randn(128, 64) * 0.5)
        self.bn1 = nn.BatchNorm1d(128)
        self.w2 = nn.Parameter(torch.randn(10, 128) * 0.5)
        self.bn2 = nn.BatchNorm1d(10)

    def latent(self):
        return [self.w1, self.w2]

    def forward(self, x):
        x = SignSTE.apply(self.bn1(F.linear(x.reshape(-1, 64), BinWeight.apply(self.w1))))
        return self.bn2(F.linear(x, BinWeight.apply(self.w2)))


class Cnn(nn.Module):
    kind = 'cnn'

    def __init__(self):
        super().__init__()
        self.w1 = nn.Parameter(torch.randn(32, 1, 3, 3) * 0.5)
        self.bn1 = nn.BatchNorm2d(32)
        self.w2 = nn.Parameter(torch.randn(32, 32, 3, 3) * 0.5)
        self.bn2 = nn.BatchNorm2d(32)
        self.w3 = nn.Parameter(torch.randn(10, 128) * 0.5)
        self.bn3 = nn.BatchNorm1d(10)

    def latent(self):
        return [self.w1, self.w2, self.w3]

    def forward(self, x):
        x = x.reshape(-1, 1, 8, 8)
        x = F.max_pool2d(SignSTE.apply(self.bn1(F.conv2d(x, BinWeight.apply(self.w1), padding=1))), 2)
        x = SignSTE.apply(self.bn2(F.conv2d(x, BinWeight.apply(self.w2))))
        return self.bn3(F.linear(torch.flatten(x, 1), BinWeight.apply(self.w3)))


class MlpInfer(nn.Module):
    """The inference graph that is exported: 0/1 weights, torch.sign."""

    def __init__(self, net, bits):
        super().__init__()
        self.fc1 = nn.Linear(64, 128, bias=False)
        self.fc2 = nn.Linear(128, 10, bias=False)
        self.fc1.weight.data = bits[0].reshape(128, 64)
        self.fc2.weight.data = bits[1].reshape(10, 128)
        self.bn1, self.bn2 = net.bn1, net.bn2

    def forward(self, x, probe=None):
        z1 = self.bn1(self.fc1(x))
        if probe is not None:
            probe.append(z1)
        return self.bn2(self.fc2(torch.sign(z1)))


class CnnInfer(nn.Module):
    def __init__(self, net, bits):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 32, 3, padding=1, bias=False)
        self.conv2 = nn.Conv2d(32, 32, 3, bias=False)
        self.fc = nn.Linear(128, 10, bias=False)
        self.conv1.weight.data = bits[0].reshape(32, 1, 3, 3)
        self.conv2.weight.data = bits[1].reshape(32, 32, 3, 3)
        self.fc.weight.data = bits[2].reshape(10, 128)
        self.bn1, self.bn2, self.bn3 = net.bn1, net.bn2, net.bn3

    def forward(self, x, probe=None):
        z1 = self.bn1(self.conv1(x))
        x = F.max_pool2d(torch.sign(z1), 2)
        z2 = self.bn2(self.conv2(x))
        if probe is not None:
            probe.extend([z1, z2])
        return self.bn3(self.fc(torch.flatten(torch.sign(z2), 1)))


def train(net, x, y, wd, epochs):
    torch.manual_seed(SEED)
    latent = net.latent()
    other = [p for p in net.parameters() if all(p is not q for q in latent)]
    opt = torch.optim.Adam([{'params': latent, 'weight_decay': wd}, {'params': other, 'weight_decay': 0.0}], lr=LR)
    sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, epochs)
    gen = torch.Generator().manual_seed(SEED)
    n = x.shape[0]
    for epoch in range(epochs):
        net.train()
        perm = torch.randperm(n, generator=gen)
        for i in range(0, n, BATCH):
            idx = perm[i:i + BATCH]
            loss = F.cross_entropy(net(x[idx]), y[idx])
            opt.zero_grad()
            loss.backward()
            opt.step()
        sched.step()
    return loss.item()


# ---------------------------------------------------------------------------
# Binarization of the written latent weights in float64, as siman-hw does it
# (docs/numerics.md section 1: the mean summed in index order).

def seq_mean(row):
    s = 0.0
    for v in row:
        s += v
    return s / len(row)


def siman_row(row):
    m = seq_mean(row)
    d = [abs(v - m) for v in row]
    med = sorted(d)[(len(row) - 1) // 2]
    return [1 if v > med else 0 for v in d]


def entropy(p):
    return 0.0 if p <= 0 or p >= 1 else -(p * math.log2(p) + (1 - p) * math.log2(1 - p))


def rule_stats(bits):
    """bits [out, n] 0/1: the layer's ones fraction, H of it and the mean per-channel H."""
    p = float(bits.mean())
    return {'onesFraction': p, 'entropy': entropy(p), 'meanChannelEntropy': float(np.mean([entropy(float(r.mean())) for r in bits]))}


def latent_stats(w):
    """w [out, n] float64: moments of the channel-centred weights and a Laplace fit."""
    c = (w - w.mean(axis=1, keepdims=True)).reshape(-1)
    var = float((c ** 2).mean())
    kurt = float((c ** 4).mean() / var ** 2 - 3.0)
    loc = float(np.median(c))
    b = float(np.abs(c - loc).mean())  # maximum-likelihood Laplace scale
    s = np.sort(c)
    cdf = np.where(s < loc, 0.5 * np.exp((s - loc) / b), 1 - 0.5 * np.exp(-(s - loc) / b))
    k = np.arange(1, len(s) + 1) / len(s)
    ks = float(max(np.max(k - cdf), np.max(cdf - (k - 1 / len(s)))))
    return {'std': math.sqrt(var), 'meanAbs': float(np.abs(w).mean()), 'excessKurtosis': kurt, 'laplaceScale': b, 'ksLaplace': ks}


def bn_json(bn, name):
    return {'type': 'batchnorm', 'name': name,
            'gamma': [float(v) for v in bn.weight.detach().double()], 'beta': [float(v) for v in bn.bias.detach().double()],
            'mean': [float(v) for v in bn.running_mean.double()], 'var': [float(v) for v in bn.running_var.double()], 'eps': bn.eps}


def model_json(name, net, wd, epochs, test_acc):
    common = {'weightFormat': 'float', 'binarize': 'siman', 'semantics': 'and', 'bias': None, 'alpha': None}
    npy = lambda layer: {'npy': f'{name}-{layer}.npy'}
    if net.kind == 'mlp':
        input_ = {'shape': [64], 'encoding': 'uint', 'bits': 5}
        layers = [
            {'type': 'dense', 'name': 'fc1', 'in': 64, 'out': 128, 'weight': npy('fc1'), **common}, bn_json(net.bn1, 'bn1'), {'type': 'sign'},
            {'type': 'dense', 'name': 'fc2', 'in': 128, 'out': 10, 'weight': npy('fc2'), **common}, bn_json(net.bn2, 'bn2'),
        ]
    else:
        input_ = {'shape': [1, 8, 8], 'encoding': 'uint', 'bits': 5}
        conv = lambda n, i, o, pad: {'type': 'conv2d', 'name': n, 'inChannels': i, 'outChannels': o, 'kernel': [3, 3], 'stride': 1,
                                      'padding': pad, 'weight': npy(n), **common}
        layers = [
            conv('conv1', 1, 32, 1), bn_json(net.bn1, 'bn1'), {'type': 'sign'},
            {'type': 'maxpool2d', 'name': 'pool1', 'kernel': [2, 2], 'stride': 2},
            conv('conv2', 32, 32, 0), bn_json(net.bn2, 'bn2'), {'type': 'sign'},
            {'type': 'flatten'},
            {'type': 'dense', 'name': 'fc', 'in': 128, 'out': 10, 'weight': npy('fc'), **common}, bn_json(net.bn3, 'bn3'),
        ]
    return {'format': 'siman-hw.model/v1', 'name': f'siman-train-{name}', 'input': input_, 'layers': layers,
            'provenance': {'dataset': 'scikit-learn digits (UCI optdigits), rows 0-1436 train, 1437-1796 test',
                           'trainedWith': f'PyTorch {torch.__version__}, SiMaN binarization, straight-through estimator',
                           'script': 'examples/siman-train/train.py', 'seed': SEED, 'epochs': epochs, 'weightDecay': wd,
                           'testAccuracy': round(test_acc, 4)}}


def run(name, cls, wd, x, labels, stats):
    t0 = time.time()
    torch.manual_seed(SEED)
    net = cls()
    epochs = EPOCHS[net.kind]
    y = torch.tensor(labels)
    loss = train(net, x[:TRAIN_ROWS], y[:TRAIN_ROWS], wd, epochs)
    net.eval()
    with torch.no_grad():
        train_pred = net(x).argmax(dim=1).numpy()
    bits, layer_stats = [], []
    for p, lname in zip(net.latent(), ['fc1', 'fc2'] if net.kind == 'mlp' else ['conv1', 'conv2', 'fc']):
        w2 = p.detach().reshape(p.shape[0], -1)
        # The float32 latent weights exactly, as float64: the values siman-hw reads.
        rows = w2.tolist()
        np.save(os.path.join(HERE, f'{name}-{lname}.npy'), p.detach().numpy().astype('<f4'))
        b = np.array([siman_row(r) for r in rows], dtype=np.int64)
        flips = int((b != siman_bits_t(w2).numpy().astype(np.int64)).sum())
        w64 = np.array(rows)
        layer_stats.append({'layer': lname, 'shape': list(w2.shape), 'siman': rule_stats(b), 'sign': rule_stats((w64 >= 0).astype(np.int64)),
                            'latent': latent_stats(w64), 'float32BitsDiffering': flips})
        bits.append(torch.tensor(b, dtype=torch.float32))
    infer = (MlpInfer if net.kind == 'mlp' else CnnInfer)(net, bits).eval()
    xin = x if net.kind == 'mlp' else x.reshape(-1, 1, 8, 8)
    probe = []
    with torch.no_grad():
        logits = infer(xin, probe)
    pred = logits.argmax(dim=1).numpy()
    sign_zero = np.zeros(len(pred), dtype=bool)
    for z in probe:
        sign_zero |= (z.abs().reshape(len(pred), -1) < 1e-4).any(dim=1).numpy()
    top2 = np.sort(logits.numpy(), axis=1)[:, -2:]
    tie = (top2[:, 1] - top2[:, 0]) < 1e-4
    test_acc = float((pred[TRAIN_ROWS:] == labels[TRAIN_ROWS:]).mean())
    train_acc = float((pred[:TRAIN_ROWS] == labels[:TRAIN_ROWS]).mean())

    with open(os.path.join(HERE, f'{name}.json'), 'w') as f:
        json.dump(model_json(name, net, wd, epochs, test_acc), f, allow_nan=False, separators=(',', ':'))
        f.write('\n')
    # TorchScript exporter; TrainingMode.EVAL would fuse each Conv with its
    # BatchNormalization (float weights, no 0/1 bits), PRESERVE on a module in
    # eval mode keeps them apart. Constant folding turns the weight
    # transposes of nn.Linear into MatMul initializers.
    torch.onnx.export(infer, (xin[:1],), os.path.join(HERE, f'{name}.onnx'), input_names=['pixels'], output_names=['logits'],
                      dynamic_axes={'pixels': {0: 'N'}, 'logits': {0: 'N'}}, opset_version=13, dynamo=False,
                      training=torch.onnx.TrainingMode.PRESERVE, do_constant_folding=True)
    with open(os.path.join(HERE, f'{name}.expected.json'), 'w') as f:
        json.dump({'model': name, 'weightDecay': wd, 'epochs': epochs, 'inputBits': 5, 'rows': len(pred),
                   'testAccuracy': test_acc, 'trainAccuracy': train_acc,
                   'torchPredictions': pred.tolist(), 'signZeroRows': np.nonzero(sign_zero)[0].tolist(),
                   'tieRows': np.nonzero(tie)[0].tolist()}, f)
        f.write('\n')
    stats[name] = {'weightDecay': wd, 'epochs': epochs, 'testAccuracy': test_acc, 'trainAccuracy': train_acc,
                   'trainingGraphAgreement': int((train_pred == pred).sum()),
                   'trainingGraphTestAccuracy': float((train_pred[TRAIN_ROWS:] == labels[TRAIN_ROWS:]).mean()), 'layers': layer_stats}
    print(f'{name}: wd {wd} epochs {epochs} last loss {loss:.4f} train {train_acc:.4f} test {test_acc:.4f}; '
          f'training graph agrees on {int((train_pred == pred).sum())}/{len(pred)}; sign-zero rows {int(sign_zero.sum())}, '
          f'tie rows {int(tie.sum())}; float32 vs float64 bit flips {[l["float32BitsDiffering"] for l in layer_stats]}; '
          f'{time.time() - t0:.0f} s', file=sys.stderr)


def main():
    rows = np.loadtxt(DATA, delimiter=',', dtype=np.int64)
    x = torch.tensor(rows[:, :64], dtype=torch.float32)
    labels = rows[:, 64]
    only = sys.argv[1:]
    stats = {}
    for name, cls, wd in [('mlp', Mlp, 0.0), ('mlp-wd', Mlp, WD), ('cnn', Cnn, 0.0), ('cnn-wd', Cnn, WD)]:
        if not only or name in only:
            run(name, cls, wd, x, labels, stats)
    if not only:
        with open(os.path.join(HERE, 'stats.json'), 'w') as f:
            json.dump(stats, f, indent=1)
            f.write('\n')


if __name__ == '__main__':
    main()
