#!/usr/bin/env python3
"""Captum's DeepLift, DeepLiftShap and LRP (epsilon) on a small CNN with seeded weights, written as a
fixture that test/methods/relevance/captum-agreement.test.ts rebuilds in TF.js and compares with.

Needs Debian's python3-torch and Captum's public source (not installed: a snapshot of
github.com/pytorch/captum, e.g. `git --git-dir=<mirror> archive HEAD captum | tar -x -C /tmp/captum-src`).

    /usr/bin/python3 scripts/captum-relevance-check.py --captum /tmp/captum-src \
        --out test/fixtures/captum-relevance.json

The model: 8x8x3 -> conv 3x3 'same' (4, relu) -> conv 3x3 'valid' (6) -> max-pool 2 -> flatten
(channels last) -> dense 5 (logits). No ReLU touches the pooling: with a ReLU module right before or
after a MaxPool2d module Captum's DeepLift breaks summation-to-delta (its backward hooks on the two
modules interact; see pytorch/captum#1104), so its maps cannot be the reference there; the script
records those deltas (`captumDeltaReluPool`, `captumDeltaPoolRelu`) for the README. Weights are written in TF.js
layout (conv [kh, kw, in, out], dense [in, out]); inputs, baselines and maps are NHWC.
"""
import argparse
import json
import sys
import types

import numpy as np


def shim_tqdm():
    """Captum imports tqdm for progress bars only; Debian's torch image may lack it."""
    try:
        import tqdm  # noqa: F401
        return
    except ImportError:
        pass

    class Silent:
        def __init__(self, *args, **kwargs):
            pass

    module = types.ModuleType('tqdm')
    auto = types.ModuleType('tqdm.auto')
    module.tqdm = auto.tqdm = Silent
    module.auto = auto
    sys.modules['tqdm'] = module
    sys.modules['tqdm.auto'] = auto


def build(torch, nn, weights, tail='pool'):
    class TinyCnn(nn.Module):
        def __init__(self):
            super().__init__()
            self.conv_a = nn.Conv2d(3, 4, 3, padding=1)
            self.relu_a = nn.ReLU()
            self.conv_b = nn.Conv2d(4, 6, 3)
            self.relu_b = nn.ReLU()
            self.pool = nn.MaxPool2d(2)
            self.probs = nn.Linear(54, 5)

        def forward(self, x):
            x = self.conv_b(self.relu_a(self.conv_a(x)))
            x = {'pool': lambda: self.pool(x), 'relu-pool': lambda: self.pool(self.relu_b(x)), 'pool-relu': lambda: self.relu_b(self.pool(x))}[tail]()
            return self.probs(x.permute(0, 2, 3, 1).reshape(x.shape[0], -1))

    model = TinyCnn().eval()
    with torch.no_grad():
        for name in ('conv_a', 'conv_b'):
            layer = getattr(model, name)
            layer.weight.copy_(torch.tensor(np.transpose(weights[name]['kernel'], (3, 2, 0, 1))))
            layer.bias.copy_(torch.tensor(weights[name]['bias']))
        model.probs.weight.copy_(torch.tensor(weights['probs']['kernel'].T))
        model.probs.bias.copy_(torch.tensor(weights['probs']['bias']))
    return model


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('--captum', required=True, help="directory holding Captum's source (the folder with captum/)")
    parser.add_argument('--out', required=True, help='JSON fixture to write')
    args = parser.parse_args()
    sys.path.insert(0, args.captum)
    shim_tqdm()
    import torch
    from torch import nn
    from captum.attr import LRP, DeepLift, DeepLiftShap

    torch.set_default_dtype(torch.float64)
    rng = np.random.default_rng(15)
    weights = {
        'conv_a': {'kernel': rng.normal(0, 0.5, (3, 3, 3, 4)), 'bias': rng.normal(0, 0.1, 4)},
        'conv_b': {'kernel': rng.normal(0, 0.5, (3, 3, 4, 6)), 'bias': rng.normal(0, 0.1, 6)},
        'probs': {'kernel': rng.normal(0, 0.5, (54, 5)), 'bias': rng.normal(0, 0.1, 5)},
    }
    inputs = rng.uniform(0, 1, (2, 8, 8, 3))
    baseline = np.full((1, 8, 8, 3), 0.25)
    distribution = rng.uniform(0, 1, (3, 8, 8, 3))
    target = 2
    model = build(torch, nn, weights)
    nchw = lambda a: torch.tensor(np.transpose(a, (0, 3, 1, 2)))
    nhwc = lambda t: np.transpose(t.detach().numpy(), (0, 2, 3, 1))
    x = nchw(inputs)
    expected = {
        'deepLift': nhwc(DeepLift(model).attribute(x, nchw(baseline), target=target)),
        'deepLiftShap': nhwc(DeepLiftShap(model).attribute(x, nchw(distribution), target=target)),
        'lrpEpsilon': nhwc(LRP(model).attribute(x.clone(), target=target)),
    }
    delta = lambda tail: DeepLift(build(torch, nn, weights, tail)).attribute(x, nchw(baseline), target=target, return_convergence_delta=True)[1].detach().numpy()
    flat = lambda a: [round(float(v), 9) for v in np.asarray(a).ravel()]
    fixture = {
        'about': 'Captum DeepLift / DeepLiftShap / LRP (EpsilonRule 1e-9) in float64; regenerate with scripts/captum-relevance-check.py',
        'target': target,
        'captumDelta': flat(delta('pool')),
        'captumDeltaReluPool': flat(delta('relu-pool')),
        'captumDeltaPoolRelu': flat(delta('pool-relu')),
        'weights': {layer: {k: {'shape': list(v.shape), 'data': flat(v)} for k, v in parts.items()} for layer, parts in weights.items()},
        'inputs': {'shape': list(inputs.shape), 'data': flat(inputs)},
        'baseline': {'shape': list(baseline.shape), 'data': flat(baseline)},
        'distribution': {'shape': list(distribution.shape), 'data': flat(distribution)},
        'expected': {k: {'shape': list(v.shape), 'data': flat(v)} for k, v in expected.items()},
    }
    with open(args.out, 'w') as f:
        json.dump(fixture, f)
    print(f'wrote {args.out}: ' + ', '.join(f'{k} sum {float(np.sum(v[0])):.6f}' for k, v in expected.items()))


if __name__ == '__main__':
    main()
