"""Exports the small PyTorch models the ONNX-model tests load, with PyTorch's own answers.

Run by test/onnx-models/fixtures.ts at test time (Debian's python3-torch, python3-torchvision and
python3-onnx; see .ci/apt-packages): `python3 export_models.py OUT_DIR`. For each model it writes
NAME.onnx and NAME.json: the input batch (NCHW unless the model takes NHWC), the logits, and for
each sample's top class the input gradient (PyTorch autograd) and Integrated Gradients computed
here the way Captum does (zero baseline, 50 Gauss-Legendre points, gradients averaged with the
rule's weights and multiplied by x - baseline), all as flat float lists.
"""
import json
import os
import sys

import numpy as np
import onnx
import torch
import torch.nn as nn
import torch.nn.functional as F
from torchvision.models.mobilenetv2 import MobileNetV2
from torchvision.models.resnet import BasicBlock

torch.manual_seed(0)
OUT = sys.argv[1]
os.makedirs(OUT, exist_ok=True)


class MnistCnn(nn.Module):
    """MNIST-like: two convolutions, max pooling, and a reshape whose size comes from the batch."""

    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 4, 3)
        self.conv2 = nn.Conv2d(4, 8, 3, stride=2, padding=1)
        self.fc = nn.Linear(8 * 7 * 7, 10)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.conv1(x)), 2)
        x = F.relu(self.conv2(x))
        return self.fc(x.view(x.size(0), -1))


class TinyResNet(nn.Module):
    """ResNet-like: torchvision's BasicBlock (conv-BN-ReLU, identity and projection shortcuts)."""

    def __init__(self):
        super().__init__()
        self.stem = nn.Sequential(nn.Conv2d(3, 8, 3, padding=1, bias=False), nn.BatchNorm2d(8), nn.ReLU(inplace=True), nn.MaxPool2d(2))
        down = nn.Sequential(nn.Conv2d(8, 16, 1, stride=2, bias=False), nn.BatchNorm2d(16))
        self.blocks = nn.Sequential(BasicBlock(8, 8), BasicBlock(8, 16, stride=2, downsample=down))
        self.fc = nn.Linear(16, 5)

    def forward(self, x):
        x = self.blocks(self.stem(x))
        return self.fc(torch.flatten(F.adaptive_avg_pool2d(x, 1), 1))


class NhwcCnn(nn.Module):
    """Takes NHWC images (as a TF-trained model would) and transposes them first."""

    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 4, 3)
        self.fc = nn.Linear(4, 3)

    def forward(self, x):
        x = F.relu(self.conv(x.permute(0, 3, 1, 2)))
        return self.fc(torch.flatten(F.adaptive_avg_pool2d(x, 1), 1))


class OpsCnn(nn.Module):
    """ELU with alpha 0.5, bilinear upsampling (half-pixel, non-square), global max pooling."""

    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 4, 3, padding=1)
        self.elu = nn.ELU(alpha=0.5)
        self.conv2 = nn.Conv2d(4, 6, 3)
        self.fc = nn.Linear(6, 3)

    def forward(self, x):
        x = F.interpolate(self.elu(self.conv1(x)), scale_factor=2, mode="bilinear", align_corners=False)
        return self.fc(torch.flatten(F.adaptive_max_pool2d(F.relu(self.conv2(x)), 1), 1))


class AmaxCnn(nn.Module):
    """A spatial torch.amax (ONNX ReduceMax, keepdims 0) and a channel amax kept (keepdims 1)."""

    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 6, 3)
        self.fc = nn.Linear(6 + 16, 3)

    def forward(self, x):
        y = self.conv(x)
        pooled = torch.amax(y, dim=(2, 3))
        across = torch.amax(y, dim=1, keepdim=True)[:, :, :4, :4]
        return self.fc(torch.cat([pooled, torch.flatten(across, 1)], 1))


class Conv1dNet(nn.Module):
    """Rows of a grey image as a sequence: torch.nn.Conv1d (stride 1, padded; stride 2, dilated)."""

    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv1d(8, 6, 3, padding=1)
        self.conv2 = nn.Conv1d(6, 4, 3, stride=2, dilation=2, padding=1)
        self.fc = nn.Linear(4 * 3, 3)

    def forward(self, x):
        x = F.relu(self.conv1(x.reshape(x.size(0), 8, 8)))
        return self.fc(torch.flatten(F.relu(self.conv2(x)), 1))


class TokenNet(nn.Module):
    """Transformer-like: the rows of an 8x8 grey image as tokens and a class token (Expand, Concat),
    token mixing (a Linear across tokens, as MLP-Mixer: the class token then depends on the image),
    LayerNorm (decomposed at opset 13: ReduceMean, Sub, Pow, Sqrt, Div), GELU in its erf and tanh
    forms, the class token read out (x[:, 0]: Gather) beside mean pooling over the others."""

    def __init__(self):
        super().__init__()
        self.embed = nn.Linear(8, 6)
        self.cls = nn.Parameter(torch.randn(1, 1, 6))
        self.mix = nn.Linear(9, 9)
        self.norm = nn.LayerNorm(6)
        self.mlp1 = nn.Linear(6, 6)
        self.mlp2 = nn.Linear(6, 6)
        self.fc = nn.Linear(12, 3)

    def forward(self, x):
        t = self.embed(x.reshape(x.size(0), 8, 8))
        t = torch.cat([self.cls.expand(x.size(0), -1, -1), t], 1)
        t = t + self.mix(t.transpose(1, 2)).transpose(1, 2)
        t = t + F.gelu(self.mlp1(self.norm(t)))
        t = t + F.gelu(self.mlp2(t), approximate="tanh")
        return self.fc(torch.cat([t[:, 0], t[:, 1:].mean(1)], 1))


class Unsupported(nn.Module):
    """A cumulative sum (ONNX CumSum), an op without a backward builder."""

    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(16, 2)

    def forward(self, x):
        return self.fc(torch.cumsum(x.reshape(x.size(0), -1), dim=1))


def settle_batch_norm(model):
    """Gives BatchNorm layers non-trivial statistics, as a trained model has."""
    for m in model.modules():
        if isinstance(m, nn.BatchNorm2d):
            m.running_mean.uniform_(-0.2, 0.2)
            m.running_var.uniform_(0.5, 1.5)
            m.weight.data.uniform_(0.5, 1.5)
            m.bias.data.uniform_(-0.2, 0.2)
    return model.eval()


def leggauss(n):
    nodes, weights = np.polynomial.legendre.leggauss(n)
    return (nodes + 1) / 2, weights / 2


def references(model, x, steps=50):
    x = x.clone().requires_grad_(True)
    logits = model(x)
    target = logits.argmax(1)
    grad, = torch.autograd.grad(logits.gather(1, target[:, None]).sum(), x)
    alphas, weights = leggauss(steps)
    total = torch.zeros_like(x)
    for a, w in zip(alphas, weights):
        point = (float(a) * x.detach()).requires_grad_(True)
        out = model(point).gather(1, target[:, None]).sum()
        g, = torch.autograd.grad(out, point)
        total += float(w) * g
    ig = total * x.detach()
    flat = lambda t: t.detach().double().reshape(-1).tolist()
    return {
        "input": flat(x), "inputShape": list(x.shape), "logits": flat(logits), "targets": target.tolist(),
        "saliency": flat(grad), "integratedGradients": flat(ig), "steps": steps,
    }


def export(name, model, x, external=False, fixed_batch=None):
    """`fixed_batch`: export with that batch size fixed (the references still cover all of x)."""
    path = os.path.join(OUT, name + ".onnx")
    dynamic = None if fixed_batch else {"input": {0: "batch"}, "logits": {0: "batch"}}
    torch.onnx.export(model, x[:fixed_batch] if fixed_batch else x, path, input_names=["input"], output_names=["logits"],
                      dynamic_axes=dynamic, opset_version=13)
    if external:
        proto = onnx.load(path)
        onnx.save_model(proto, path, save_as_external_data=True, all_tensors_to_one_file=True,
                        location=name + ".data", size_threshold=0)
    with open(os.path.join(OUT, name + ".json"), "w") as f:
        json.dump(references(model, x), f)


def cam_references(model, x, layer):
    """The CAMs at `layer`'s output (torch hooks, pytorch-grad-cam's recipe): per method the map
    before its ReLU at the layer's resolution (random weights leave Grad-CAM's wholly negative here),
    and Grad-CAM's upsampled bilinearly (half-pixel centres)."""
    kept = {}
    handle = layer.register_forward_hook(lambda m, i, o: kept.update(a=o))
    logits = model(x)
    handle.remove()
    target = logits.argmax(1)
    scores = logits.gather(1, target[:, None])
    a = kept["a"]
    g, = torch.autograd.grad(scores.sum(), a)
    a, g, s = a.detach(), g.detach(), scores.detach()[:, 0]
    space = (2, 3)
    weighted = {
        "grad-cam": g.mean(space, keepdim=True) * a,
        "hires-cam": g * a,
        "xgrad-cam": ((g * a).sum(space, keepdim=True) / (a.sum(space, keepdim=True) + 1e-7)) * a,
        "layer-cam": F.relu(g) * a,
    }
    denominator = 2 * g ** 2 + g ** 3 * a.sum(space, keepdim=True)
    alpha = torch.where(denominator != 0, g ** 2 / torch.where(denominator != 0, denominator, torch.ones_like(denominator)), torch.zeros_like(g))
    total = alpha.sum(space, keepdim=True)
    alpha = alpha / torch.where(total == 0, torch.ones_like(total), total)
    weighted["grad-cam-plus-plus"] = torch.exp(s)[:, None, None, None] * (F.relu(g) * alpha).sum(space, keepdim=True) * a
    maps = {k: v.sum(1) for k, v in weighted.items()}
    up = F.interpolate(maps["grad-cam"][:, None], size=x.shape[2:], mode="bilinear", align_corners=False)[:, 0]
    flat = lambda t: t.double().reshape(-1).tolist()
    return {"targets": target.tolist(), "layerShape": list(a.shape), "maps": {k: flat(v) for k, v in maps.items()}, "gradCamUpsampled": flat(up)}


export("mnist", MnistCnn().eval(), torch.rand(2, 1, 28, 28))
resnet, resnet_x = settle_batch_norm(TinyResNet()), torch.rand(2, 3, 32, 32) - 0.5
export("resnet", resnet, resnet_x)
with open(os.path.join(OUT, "resnet.cams.json"), "w") as f:
    json.dump(cam_references(resnet, resnet_x, resnet.blocks), f)
export("mobilenet", settle_batch_norm(MobileNetV2(num_classes=4, width_mult=0.25)), torch.rand(2, 3, 32, 32) - 0.5)
export("external", MnistCnn().eval(), torch.rand(2, 1, 28, 28), external=True)
export("nhwc", NhwcCnn().eval(), torch.rand(2, 8, 8, 3))
export("ops", OpsCnn().eval(), torch.rand(2, 3, 6, 5) - 0.5)
export("fixed4", MnistCnn().eval(), torch.rand(6, 1, 28, 28), fixed_batch=4)
export("amax", AmaxCnn().eval(), torch.rand(2, 3, 8, 8) - 0.5)
export("conv1d", Conv1dNet().eval(), torch.rand(2, 1, 8, 8) - 0.5)
export("tokens", TokenNet().eval(), torch.rand(2, 1, 8, 8) - 0.5)
export("cumsum", Unsupported().eval(), torch.rand(2, 1, 4, 4))
print("exported to", OUT)
