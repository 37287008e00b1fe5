#!/usr/bin/env python3
"""Train the binarized digits CNN and export it in the siman-hw model format.

    python3 examples/digits-cnn/train.py        # from the repository root

Network (8x8 uint5 images, [1, 8, 8]):
  conv 3x3 1->64 pad 1 (and, zero padding) -> BN -> sign -> maxpool 2     -> [64, 4, 4]
  conv 3x3 64->64 pad 1 (and, padded taps -1) -> maxpool 2 -> BN -> sign  -> [64, 2, 2]
  flatten -> dense 256->10 (and) -> BN                                    -> class logits
Weights: SiMaN binarization ({0,+1}: per output channel, b = 1 where
|w - mean| > lower median of |w - mean|), scaled by alpha = mean |w| of the
kept weights; straight-through estimator to the latent float weights,
signed by w - mean (moving a weight away from its channel mean turns its
bit on).
Activations: sign (0 -> +1) with the hardtanh straight-through gradient.
Pixels enter as their integer values 0..16, exactly as the hardware sums them.

Writes digits-cnn.json (float latent weights, binarize "siman", alpha
"auto") and digits-cnn.expected.json: predictions and integer scores for
all 1797 rows of examples/digits/digits.csv, computed by an independent
float64 evaluation of the exported file (plain Python/numpy, no torch),
which is also checked against torch's own float32 evaluation.
Deterministic: fixed seed, single thread.
"""
import json
import math
import os
import sys

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, '..', 'digits', 'digits.csv')
SEED = 1
EPOCHS = 100
LR = 0.01
BATCH = 32
TRAIN_ROWS = 1437

torch.manual_seed(SEED)
np.random.seed(SEED)
torch.set_num_threads(1)
torch.use_deterministic_algorithms(True)


def siman_bits(w2d):
    """SiMaN rule per row of a [out, n] tensor: |w - mean| > lower median."""
    m = w2d.mean(dim=1, keepdim=True)
    d = (w2d - m).abs()
    med = d.sort(dim=1).values[:, (w2d.shape[1] - 1) // 2].unsqueeze(1)
    return (d > med).to(w2d.dtype)


class BinWeight(torch.autograd.Function):
    """Forward b * alpha (b from SiMaN, alpha = mean |w| of kept). Backward:
    the gradient times sign(w - mean), since moving w away from its channel
    mean is what turns a bit on (the SiMaN rule selects by |w - mean|)."""

    @staticmethod
    def forward(ctx, w):
        w2 = w.reshape(w.shape[0], -1)
        ctx.save_for_backward(torch.sign(w2 - w2.mean(dim=1, keepdim=True)).reshape(w.shape))
        b = siman_bits(w2)
        k = b.sum(dim=1, keepdim=True)
        alpha = torch.where(k > 0, (w2.abs() * b).sum(dim=1, keepdim=True) / k.clamp(min=1), torch.zeros_like(k))
        return (b * alpha).reshape(w.shape)

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


# conv2: padding 1 with padded taps = -1 (padValue -1), then maxpool 2 on the
# integer sums, before its batchnorm (VGG-small order conv -> pool -> BN -> sign).
C1, C2 = 64, 64
FEATURES = C2 * 2 * 2


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.w1 = nn.Parameter(torch.randn(C1, 1, 3, 3) * 0.5)
        self.bn1 = nn.BatchNorm2d(C1)
        self.w2 = nn.Parameter(torch.randn(C2, C1, 3, 3) * 0.5)
        self.bn2 = nn.BatchNorm2d(C2)
        self.w3 = nn.Parameter(torch.randn(10, FEATURES) * 0.5)
        self.bn3 = nn.BatchNorm1d(10)

    def forward(self, x):
        x = F.conv2d(x, BinWeight.apply(self.w1), padding=1)                 # [16, 8, 8]
        x = F.max_pool2d(SignSTE.apply(self.bn1(x)), 2)                     # [16, 4, 4]
        x = F.conv2d(F.pad(x, (1, 1, 1, 1), value=-1.0), BinWeight.apply(self.w2))  # [32, 4, 4]
        x = SignSTE.apply(self.bn2(F.max_pool2d(x, 2)))                     # [32, 2, 2]
        x = torch.flatten(x, 1)
        return self.bn3(F.linear(x, BinWeight.apply(self.w3)))


def load_data():
    rows = np.loadtxt(DATA, delimiter=',', dtype=np.int64)
    return rows[:, :64], rows[:, 64]


def train(model, x, y):
    opt = torch.optim.Adam(model.parameters(), lr=LR)
    sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, EPOCHS)
    gen = torch.Generator().manual_seed(SEED)
    n = x.shape[0]
    for epoch in range(EPOCHS):
        model.train()
        perm = torch.randperm(n, generator=gen)
        for i in range(0, n, BATCH):
            idx = perm[i:i + BATCH]
            loss = F.cross_entropy(model(x[idx]), y[idx])
            opt.zero_grad()
            loss.backward()
            opt.step()
        sched.step()
        if epoch % 10 == 9 or epoch == EPOCHS - 1:
            print(f'epoch {epoch + 1}: loss {loss.item():.4f}', file=sys.stderr)


# ---------------------------------------------------------------------------
# Independent float64 evaluation of the exported model (no torch). Sums run
# in index order (plain loops), exactly as docs/numerics.md specifies.

def seq_sum(xs):
    s = 0.0
    for v in xs:
        s += v
    return s


def siman_row(row):
    n = len(row)
    m = seq_sum(row) / n
    d = [abs(v - m) for v in row]
    med = sorted(d)[(n - 1) // 2]
    return [1 if v > med else 0 for v in d]


def bin_layer(w2d):
    bits, alpha = [], []
    for row in w2d:
        b = siman_row(list(row))
        k = sum(b)
        alpha.append(seq_sum([abs(v) for v, bb in zip(row, b) if bb]) / k if k else 0.0)
        bits.append(b)
    return np.array(bits, dtype=np.int64), alpha


def affine(s, alpha, bn, c):
    v = s * alpha[c]
    return (bn['gamma'][c] * (v - bn['mean'][c])) / math.sqrt(bn['var'][c] + bn['eps']) + bn['beta'][c]


def conv_int(x, bits, k, pad, pad_value):
    """Integer conv: x [C,H,W] ints, bits [O, C*k*k] 0/1 ({0,+1} weights); padded taps = pad_value."""
    c, h, w = x.shape
    xp = np.full((c, h + 2 * pad, w + 2 * pad), pad_value, dtype=np.int64)
    xp[:, pad:pad + h, pad:pad + w] = x
    oh, ow = h + 2 * pad - k + 1, w + 2 * pad - k + 1
    out = np.zeros((bits.shape[0], oh, ow), dtype=np.int64)
    wk = bits.reshape(bits.shape[0], c, k, k)
    for oy in range(oh):
        for ox in range(ow):
            win = xp[:, oy:oy + k, ox:ox + k]
            out[:, oy, ox] = (wk * win[None]).sum(axis=(1, 2, 3))
    return out


def pool2(x):
    c, h, w = x.shape
    return x.reshape(c, h // 2, 2, w // 2, 2).max(axis=(2, 4))


def eval_exported(model_json, pixels):
    """Layer by layer, in float64, exactly as the model file says."""
    layers = model_json['layers']
    prepared = {}
    for i, l in enumerate(layers):
        if l['type'] in ('conv2d', 'dense'):
            w2d = np.array(l['weight'], dtype=np.float64).reshape(l.get('outChannels', l.get('out')), -1).tolist()
            prepared[i] = bin_layer(w2d)
    preds, scores, margin = [], [], math.inf
    for r in range(pixels.shape[0]):
        x = pixels[r].reshape(1, 8, 8).astype(np.int64)
        i = 0
        while i < len(layers):
            l = layers[i]
            t = l['type']
            if t == 'conv2d':
                bits, alpha = prepared[i]
                s = conv_int(x, bits, l['kernel'][0], l['padding'], l.get('padValue', 0))
                v = np.array([[[s[c, a, b] * alpha[c] for b in range(s.shape[2])] for a in range(s.shape[1])] for c in range(s.shape[0])])
                if layers[i + 1]['type'] == 'maxpool2d':  # pool the conv output s * alpha before the batchnorm
                    v = pool2(v)
                    i += 1
                bn = layers[i + 1]
                y = np.zeros(v.shape, dtype=np.int64)
                for c in range(v.shape[0]):
                    for a in range(v.shape[1]):
                        for b in range(v.shape[2]):
                            z = (bn['gamma'][c] * (float(v[c, a, b]) - bn['mean'][c])) / math.sqrt(bn['var'][c] + bn['eps']) + bn['beta'][c]
                            margin = min(margin, abs(z))
                            y[c, a, b] = 1 if z >= 0 else -1
                x = y
                i += 3  # conv [pool] bn sign
            elif t == 'maxpool2d':
                x = pool2(x)
                i += 1
            elif t == 'flatten':
                x = x.reshape(-1)
                i += 1
            elif t == 'dense':
                bits, alpha = prepared[i]
                s3 = [int(v) for v in (bits * x[None]).sum(axis=1)]
                bn = layers[i + 1]
                logits = [affine(float(s3[c]), alpha, bn, c) for c in range(10)]
                best = 0
                for c in range(1, 10):
                    if logits[c] > logits[best]:
                        best = c
                preds.append(best)
                scores.append(s3)
                i += 2
    return preds, scores, margin


def bn_json(bn):
    return {
        'type': 'batchnorm',
        'gamma': [float(v) for v in bn.weight.detach().double()],
        'beta': [float(v) for v in bn.bias.detach().double()],
        'mean': [float(v) for v in bn.running_mean.double()],
        'var': [float(v) for v in bn.running_var.double()],
        'eps': bn.eps,
    }


def main():
    pixels, labels = load_data()
    x = torch.tensor(pixels, dtype=torch.float32).reshape(-1, 1, 8, 8)
    y = torch.tensor(labels)
    model = Net()
    train(model, x[:TRAIN_ROWS], y[:TRAIN_ROWS])
    model.eval()
    with torch.no_grad():
        torch_pred = model(x).argmax(dim=1).numpy()
    torch_train = float((torch_pred[:TRAIN_ROWS] == labels[:TRAIN_ROWS]).mean())
    torch_test = float((torch_pred[TRAIN_ROWS:] == labels[TRAIN_ROWS:]).mean())

    common = {'weightFormat': 'float', 'binarize': 'siman', 'semantics': 'and', 'bias': None, 'alpha': 'auto'}
    w = lambda p: p.detach().double().tolist()
    layers = [
        {'type': 'conv2d', 'name': 'conv1', 'inChannels': 1, 'outChannels': C1, 'kernel': [3, 3], 'stride': 1, 'padding': 1,
         'weight': w(model.w1), **common},
        bn_json(model.bn1) | {'name': 'bn1'},
        {'type': 'sign'},
        {'type': 'maxpool2d', 'name': 'pool1', 'kernel': [2, 2], 'stride': 2},
        {'type': 'conv2d', 'name': 'conv2', 'inChannels': C1, 'outChannels': C2, 'kernel': [3, 3], 'stride': 1, 'padding': 1,
         'padValue': -1, 'weight': w(model.w2), **common},
        {'type': 'maxpool2d', 'name': 'pool2', 'kernel': [2, 2], 'stride': 2},
        bn_json(model.bn2) | {'name': 'bn2'},
        {'type': 'sign'},
        {'type': 'flatten'},
        {'type': 'dense', 'name': 'fc', 'in': FEATURES, 'out': 10, 'weight': w(model.w3), **common},
        bn_json(model.bn3) | {'name': 'bn3'},
    ]
    preds, scores, margin = eval_exported({'layers': layers}, pixels)
    preds = np.array(preds)
    agree = int((preds == torch_pred).sum())
    test_acc = float((preds[TRAIN_ROWS:] == labels[TRAIN_ROWS:]).mean())
    train_acc = float((preds[:TRAIN_ROWS] == labels[:TRAIN_ROWS]).mean())
    all_acc = float((preds == labels).mean())
    model_json = {
        'format': 'siman-hw.model/v1',
        'name': 'digits-cnn',
        'input': {'shape': [1, 8, 8], 'encoding': 'uint', 'bits': 5},
        'layers': layers,
        'provenance': {
            'dataset': 'scikit-learn digits (UCI optdigits), rows 0-1436 train, 1437-1796 test',
            'trainedWith': f'PyTorch {torch.__version__}, SiMaN weight binarization with straight-through estimator',
            'script': 'examples/digits-cnn/train.py',
            'seed': SEED,
            'epochs': EPOCHS,
            'trainAccuracy': round(train_acc, 4),
            'testAccuracy': round(test_acc, 4),
        },
    }
    with open(os.path.join(HERE, 'digits-cnn.json'), 'w') as f:
        json.dump(model_json, f, allow_nan=False)
        f.write('\n')
    expected = {
        'count': int(len(preds)),
        'classes': 10,
        'accuracy': all_acc,
        'trainAccuracy': train_acc,
        'testAccuracy': test_acc,
        'torchAgreement': agree,
        'smallestSignMargin': margin,
        'predictions': [int(p) for p in preds],
        'scores': scores,
    }
    with open(os.path.join(HERE, 'digits-cnn.expected.json'), 'w') as f:
        json.dump(expected, f, allow_nan=False)
        f.write('\n')
    print(f'torch float32: train {torch_train:.4f} test {torch_test:.4f}; float64 export: train {train_acc:.4f} '
          f'test {test_acc:.4f} all {all_acc:.4f}; agreement with torch {agree}/{len(preds)}; '
          f'smallest |BN| at a sign {margin:.3g}')


if __name__ == '__main__':
    main()
