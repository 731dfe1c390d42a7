"""Writes test/fixtures/captum-black-box.json: Captum's KernelShap, Lime and ShapleyValueSampling on a
linear model (where every method must give sum_{p in g} w_p (x_p - b_p) per feature, whatever the
draws), on a small nonlinear function of 4 features and on a small CNN (conv-ReLU-conv-ReLU-global
average pool-dense on an 8x8 image, its weights written to the fixture for the TF.js twin, 5 features
from a mask). Where seeds cannot be matched across the two libraries both are compared in expectation:
with the exact Shapley values (Captum's ShapleyValues, every permutation) and, for Lime, with the
limit of Captum's Lime over all 2^M coalitions (each drawn with probability 2^-M by its default
perturbation, weighted by its own similarity function).

Needs Debian's python3-torch and a Captum checkout (the CI test reads only the committed fixture):
  git --git-dir=<captum mirror> archive HEAD captum | tar -x -C /tmp/captum
  /usr/bin/python3 scripts/captum-black-box.py /tmp/captum
Captum's Lime defaults to a Lasso from scikit-learn (not installed here and not what we fit); the
script gives it a weighted least-squares surrogate with intercept, like sklearn's LinearRegression,
which is also what KernelShap fits (swapped for the same fit in torch, as sklearn is missing here).
"""
import itertools
import json
import math
import sys
import types

sys.path.insert(0, sys.argv[1] if len(sys.argv) > 1 else "/tmp/captum")
try:
    import tqdm  # noqa: F401
except ImportError:  # Captum imports tqdm for progress bars only
    shim = types.ModuleType("tqdm")
    shim.tqdm = type("tqdm", (), {"__init__": lambda self, *a, **k: None})
    sys.modules["tqdm"] = shim
    sys.modules["tqdm.auto"] = shim

import torch  # noqa: E402
from captum._utils.models.model import Model  # noqa: E402
from captum.attr import KernelShap, Lime, ShapleyValues, ShapleyValueSampling  # noqa: E402
from captum.attr._core.lime import get_exp_kernel_similarity_function  # noqa: E402


def kernel_shap(f):
    """Captum's KernelShap with its sklearn LinearRegression (weighted, with intercept) swapped for the same fit in torch."""
    explainer = KernelShap(f)
    explainer.interpretable_model = WeightedLeastSquares()
    return explainer


class WeightedLeastSquares(Model):
    """y ~ b0 + z . b with sample weights, solved by least squares on sqrt(w)-scaled rows."""

    def fit(self, train_data, **kwargs):
        x, y, w = next(iter(train_data))
        design = torch.cat([torch.ones(x.shape[0], 1), x.double()], 1) * w.double().sqrt()[:, None]
        target = y.double().reshape(-1, 1) * w.double().sqrt()[:, None]
        solution = torch.linalg.lstsq(design, target, driver="gelsd").solution
        self.coef = solution[1:, 0].float()
        return {}

    def representation(self):
        return self.coef.reshape(1, -1)

    def __call__(self, x):
        return x @ self.coef


def linear_case():
    w = torch.tensor([0.5, -1.0, 2.0, 3.0, 0.25, -0.5])
    x = torch.tensor([[1.0, 2.0, 3.0, 4.0, 5.0, 6.0]])
    mask = torch.tensor([[0, 0, 1, 1, 2, 2]])
    f = lambda v: (v * w).sum(1, keepdim=True) + 0.3  # noqa: E731
    kwargs = dict(baselines=0.5, target=0, feature_mask=mask)
    torch.manual_seed(0)
    ks = kernel_shap(f).attribute(x, n_samples=50, **kwargs)
    lime = Lime(f, interpretable_model=WeightedLeastSquares()).attribute(x, n_samples=50, **kwargs)
    svs = ShapleyValueSampling(f).attribute(x, n_samples=5, **kwargs)
    return {"weights": w.tolist(), "bias": 0.3, "input": x[0].tolist(), "baseline": 0.5, "featureMask": mask[0].tolist(),
            "kernelShap": ks[0].tolist(), "lime": lime[0].tolist(), "shapleySampling": svs[0].tolist()}


def nonlinear(v):
    return v[:, 0] * v[:, 1] + torch.sin(v[:, 2]) + v[:, 3] ** 2 + 0.5 * v[:, 0] * v[:, 3]


def exact_shapley(f, x, base):
    n = x.shape[1]
    out = [0.0] * n
    for i in range(n):
        others = [j for j in range(n) if j != i]
        for k in range(n):
            for subset in itertools.combinations(others, k):
                weight = math.factorial(k) * math.factorial(n - k - 1) / math.factorial(n)
                keep = torch.tensor([[1.0 if j in subset else 0.0 for j in range(n)]])
                with_i = keep.clone()
                with_i[0, i] = 1.0
                value = lambda z: f(base + (x - base) * z)[0].item()  # noqa: E731
                out[i] += weight * (value(with_i) - value(keep))
    return out


def nonlinear_case():
    x = torch.tensor([[1.5, -2.0, 0.7, 3.0]])
    f = lambda v: nonlinear(v).reshape(-1, 1)  # noqa: E731
    torch.manual_seed(1)
    ks = kernel_shap(f).attribute(x, baselines=0.0, target=0, n_samples=4000, perturbations_per_eval=500)
    svs = ShapleyValueSampling(f).attribute(x, baselines=0.0, target=0, n_samples=300)
    lime = Lime(f, interpretable_model=WeightedLeastSquares()).attribute(x, baselines=0.0, target=0, n_samples=4000, perturbations_per_eval=500)
    return {"input": x[0].tolist(), "baseline": 0.0, "function": "x0 x1 + sin(x2) + x3^2 + 0.5 x0 x3",
            "exactShapley": exact_shapley(f, x, torch.zeros_like(x)),
            "kernelShap": ks[0].tolist(), "shapleySampling": svs[0].tolist(), "lime": lime[0].tolist(),
            "samples": {"kernelShap": 4000, "shapleySampling": 300, "lime": 4000}}


class SmallCnn(torch.nn.Module):
    """conv 3x3 (1 -> 4) - ReLU - conv 3x3 (4 -> 4) - ReLU - global average pool - dense (4 -> 3), valid padding, NCHW."""

    def __init__(self):
        super().__init__()
        self.conv1 = torch.nn.Conv2d(1, 4, 3)
        self.conv2 = torch.nn.Conv2d(4, 4, 3)
        self.dense = torch.nn.Linear(4, 3)

    def forward(self, x):
        h = torch.relu(self.conv2(torch.relu(self.conv1(x))))
        return self.dense(h.mean(dim=(2, 3)))


def cnn_mask():
    """5 features on 8x8: the four quadrants, and the central 2x2 block as a fifth."""
    mask = torch.tensor([[(r >= 4) * 2 + (c >= 4) for c in range(8)] for r in range(8)])
    mask[3:5, 3:5] = 4
    return mask.reshape(1, 1, 8, 8)


def lime_limit(f, x, mask, target):
    """Captum's Lime with infinitely many samples: WLS over all 2^M coalitions, each weighted by its probability 2^-M
    under Lime's default perturbation times Lime's default similarity (exp kernel on the cosine distance, width 1)."""
    m = int(mask.max()) + 1
    similarity = get_exp_kernel_similarity_function("cosine", 1.0)
    rows, ys, ws = [], [], []
    for bits in itertools.product([0.0, 1.0], repeat=m):
        z = torch.tensor(bits)
        perturbed = x * z[mask]
        rows.append(z)
        ys.append(f(perturbed)[0, target].item())
        ws.append(similarity(x, perturbed, None) / 2 ** m)
    fit = WeightedLeastSquares()
    fit.fit([(torch.stack(rows), torch.tensor(ys), torch.tensor(ws))])
    return fit.coef.tolist()


def cnn_case():
    torch.manual_seed(3)
    model = SmallCnn().eval()
    with torch.no_grad():
        for p in model.parameters():
            p.mul_(5.0)
    x = torch.rand(1, 1, 8, 8, generator=torch.Generator().manual_seed(4))
    mask = cnn_mask()
    kwargs = dict(baselines=0.0, target=1, feature_mask=mask)
    f = lambda v: model(v).detach()  # noqa: E731
    with torch.no_grad():
        exact = ShapleyValues(f).attribute(x, **kwargs)
        torch.manual_seed(5)
        ks = kernel_shap(f).attribute(x, n_samples=4000, perturbations_per_eval=500, **kwargs)
        svs = ShapleyValueSampling(f).attribute(x, n_samples=300, **kwargs)
        lime = Lime(f, interpretable_model=WeightedLeastSquares()).attribute(x, n_samples=4000, perturbations_per_eval=500, **kwargs)
        scores = f(x)[0].tolist()
    per_feature = lambda a: [a[0, 0][mask[0, 0] == g][0].item() for g in range(5)]  # noqa: E731
    return {
        "model": "conv 3x3 (1 -> 4, ReLU) - conv 3x3 (4 -> 4, ReLU) - global average pool - dense (4 -> 3); NCHW in torch, NHWC in TF.js",
        "conv1": {"kernel": model.conv1.weight.permute(2, 3, 1, 0).tolist(), "bias": model.conv1.bias.tolist()},
        "conv2": {"kernel": model.conv2.weight.permute(2, 3, 1, 0).tolist(), "bias": model.conv2.bias.tolist()},
        "dense": {"kernel": model.dense.weight.t().tolist(), "bias": model.dense.bias.tolist()},
        "input": x[0, 0].reshape(-1).tolist(), "featureMask": mask[0, 0].reshape(-1).tolist(), "baseline": 0.0, "target": 1,
        "scores": scores,
        "exactShapley": per_feature(exact), "kernelShap": per_feature(ks), "shapleySampling": per_feature(svs), "lime": per_feature(lime),
        "limeLimit": lime_limit(f, x, mask, 1),
        "samples": {"kernelShap": 4000, "shapleySampling": 300, "lime": 4000},
    }


if __name__ == "__main__":
    result = {"captum": "KernelShap, Lime (weighted least squares surrogate), ShapleyValueSampling", "torch": torch.__version__,
              "linear": linear_case(), "nonlinear": nonlinear_case(), "cnn": cnn_case()}
    with open("test/fixtures/captum-black-box.json", "w") as out:
        json.dump(result, out, indent=1)
        out.write("\n")
    print(json.dumps(result, indent=1))
