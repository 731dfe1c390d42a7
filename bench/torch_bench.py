"""Times the bench's models in PyTorch on the CPU (forward + input gradient = one map, and forward).

Usage: OMP_NUM_THREADS=N python3 torch_bench.py EXPORT_DIR NAME THREADS RUNS OUT.json [MAP.bin]
EXPORT_DIR/NAME.json and NAME.bin are written by torch-export.ts (same layers and weights as TF.js).
Needs Debian's python3-torch (apt-get install python3-torch); never part of the tests or CI.
"""
import json
import math
import statistics
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F


def same_padding(size, kernel, stride):
    """TensorFlow's 'same' padding (before, after) along one axis."""
    out = math.ceil(size / stride)
    total = max((out - 1) * stride + kernel - size, 0)
    return total // 2, total - total // 2


def activate(x, name):
    if name in (None, 'linear'):
        return x
    if name == 'relu':
        return F.relu(x)
    if name == 'relu6':
        return F.relu6(x)
    if name == 'softmax':
        return F.softmax(x, dim=-1)
    raise ValueError('unsupported activation ' + name)


def build(manifest, weights):
    """A function NCHW input -> output running the exported layers with their weights."""
    steps = []
    for layer in manifest['layers']:
        kind, cfg = layer['type'], layer['config']
        w = [torch.from_numpy(weights[o:o + int(np.prod(s))].reshape(s).copy()) for o, s in layer['weights']]
        if kind in ('Conv2D', 'DepthwiseConv2D'):
            k, stride = cfg['kernelSize'], cfg['strides']
            if kind == 'Conv2D':
                kernel, groups = w[0].permute(3, 2, 0, 1).contiguous(), 1
            else:
                kh, kw, c, m = w[0].shape
                kernel, groups = w[0].permute(2, 3, 0, 1).reshape(c * m, 1, kh, kw).contiguous(), c
            bias = w[1] if len(w) > 1 else None

            def conv(x, kernel=kernel, bias=bias, k=k, stride=stride, groups=groups, cfg=cfg):
                if cfg['padding'] == 'same':
                    top, bottom = same_padding(x.shape[2], k[0], stride[0])
                    left, right = same_padding(x.shape[3], k[1], stride[1])
                    x = F.pad(x, (left, right, top, bottom))
                return activate(F.conv2d(x, kernel, bias, stride=stride, groups=groups), cfg.get('activation'))
            steps.append(conv)
        elif kind == 'BatchNormalization':
            gamma, beta, mean, var = w
            eps = cfg['epsilon']
            steps.append(lambda x, g=gamma, b=beta, m=mean, v=var, e=eps: F.batch_norm(x, m, v, g, b, False, 0.0, e))
        elif kind == 'ReLU':
            top = cfg.get('maxValue')
            steps.append(F.relu if top is None else (lambda x, t=top: F.hardtanh(x, 0.0, t)))
        elif kind == 'MaxPooling2D':
            steps.append(lambda x, p=cfg['poolSize'], s=cfg['strides']: F.max_pool2d(x, p, s))
        elif kind == 'GlobalAveragePooling2D':
            steps.append(lambda x: x.mean(dim=(2, 3)))
        elif kind == 'Flatten':
            steps.append(lambda x: x.permute(0, 2, 3, 1).flatten(1))
        elif kind == 'Dropout':
            continue
        elif kind == 'Dense':
            kernel, bias = w[0].t().contiguous(), (w[1] if len(w) > 1 else None)
            steps.append(lambda x, k=kernel, b=bias, a=cfg.get('activation'): activate(F.linear(x, k, b), a))
        else:
            raise ValueError('unsupported layer ' + kind)

    def run(x):
        for step in steps:
            x = step(x)
        return x
    return run


def median_ms(fn, runs, warmup=2, budget_s=20.0):
    for _ in range(warmup):
        fn()
    times, start = [], time.perf_counter()
    while len(times) < runs and (not times or time.perf_counter() - start < budget_s):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def main():
    directory, name, threads, runs, out = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
    torch.set_num_threads(threads)
    manifest = json.load(open(f'{directory}/{name}.json'))
    weights = np.fromfile(f'{directory}/{name}.bin', dtype='<f4')
    model = build(manifest, weights)
    n, h, w, c = manifest['inputShape']
    size = n * h * w * c
    nhwc = (np.sin(np.arange(size, dtype=np.float64) * 12.9898) * 0.5 + 0.5).astype(np.float32).reshape(n, h, w, c)
    x = torch.from_numpy(nhwc).permute(0, 3, 1, 2).contiguous()
    with torch.no_grad():
        classes = model(x).shape[1]
    target = F.one_hot(torch.full((n,), 1), classes).float()

    def saliency():
        xg = x.clone().requires_grad_(True)
        (model(xg) * target).sum().backward()
        return xg.grad

    def forward():
        with torch.no_grad():
            model(x)

    result = {'threads': torch.get_num_threads(), 'mapMs': median_ms(saliency, runs), 'forwardMs': median_ms(forward, runs)}
    if len(sys.argv) > 6:
        saliency().permute(0, 2, 3, 1).contiguous().numpy().astype('<f4').tofile(sys.argv[6])
    json.dump(result, open(out, 'w'))


if __name__ == '__main__':
    main()
