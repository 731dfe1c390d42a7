"""Exports torchvision's resnet18 and mobilenet_v2 (random weights: nothing is downloaded) to ONNX
at 224x224 with a free batch, for trying `saliency explain --model X.onnx` on real architectures:

    python3 scripts/export-torchvision-onnx.py OUT_DIR
    saliency explain --model OUT_DIR/resnet18.onnx --image cat.jpg --method grad-cam \\
        --mean 0.485,0.456,0.406 --std 0.229,0.224,0.225

Needs Debian's python3-torch and python3-torchvision (or pip's torch, torchvision, onnx).
"""
import os
import sys

import torch
from torchvision.models import mobilenet_v2, resnet18

out = sys.argv[1] if len(sys.argv) > 1 else "."
os.makedirs(out, exist_ok=True)
torch.manual_seed(0)
for name, make in [("resnet18", resnet18), ("mobilenet_v2", mobilenet_v2)]:
    model = make().eval()
    path = os.path.join(out, name + ".onnx")
    torch.onnx.export(model, torch.rand(1, 3, 224, 224), path, input_names=["input"], output_names=["logits"],
                      dynamic_axes={"input": {0: "batch"}, "logits": {0: "batch"}}, opset_version=13)
    print("wrote", path)
