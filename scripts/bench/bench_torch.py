#!/usr/bin/env python3
"""Reference timings for `npm run bench` (scripts/bench/bench.ts): the project's workloads in PyTorch
and the nonlinear-model chains vectorized in numpy, on this machine, in the same run.

    python3 scripts/bench/bench_torch.py --threads 1 --repeats 5 [--only mlp_small,chains_k256]

Prints one JSON object on stdout: {"python", "torch", "numpy", "threads", "blas", "results": {name: {...}}}
where each result has per-call seconds "median", "min", "max", "q1", "q3" over repeats, "cpuMedian" (CPU
seconds of all the process's threads per call), or "error".
Without torch only the numpy chains run and "torch" is null. It is a benchmark, not a test.

The workloads mirror src/ exactly in shape and arithmetic (float32 nets, float64 chains):
  - MLP step: x @ W + b, ReLU, half squared loss on one-hot (sum over classes, mean over the batch,
    halved), torch.optim.SGD(momentum=0.9, weight_decay=5e-4) -- what src/train/path.ts does.
  - eval: forward + loss + argmax-accuracy sums on 10 000 x 784 (src/train/evaluate.ts).
  - grid point: eval on 500 train + 9 500 test rows (one landscape grid point).
  - grid batch: K grid points at once by src/analysis/landscape-batched.ts's algorithm (per point).
  - CNN / small VGG: 3x3 'same' convs + ReLU, 2x2 max-pools, dense head (dropout 0.5 in VGG).
  - PCA: Gram matrix of the centered 300 x 80 000 trajectory in float64, eigh, top-5 components.
  - chains: SGD on the nonlinear model (gamma = 1, d = 40, n = 20, B = 1, label noise 0.5,
    random reshuffling per chain), all K chains advanced together with [K, d] array ops.
"""
import argparse
import json
import platform
import re
import statistics
import sys
import time

import numpy as np

try:
    import torch
    import torch.nn.functional as F
except ImportError:  # the caller reports how to install it
    torch = None


def summarize(samples, cpu):
    s = sorted(samples)
    q = statistics.quantiles(s, n=4, method="inclusive") if len(s) > 1 else [s[0]] * 3
    return {"median": statistics.median(s), "min": s[0], "max": s[-1], "q1": q[0], "q3": q[2], "repeats": len(s),
            "cpuMedian": statistics.median(cpu)}


def time_calls(fn, repeats, min_seconds=0.2, sync=lambda: None):
    """Seconds per call of fn: warm-up, then `repeats` blocks of m calls each lasting >= min_seconds."""
    fn(); sync()
    t0 = time.perf_counter(); fn(); sync()
    one = max(time.perf_counter() - t0, 1e-6)
    m = max(1, int(min_seconds / one))
    samples, cpu = [], []
    for _ in range(repeats):
        t0, c0 = time.perf_counter(), time.process_time()
        for _ in range(m):
            fn()
        sync()
        samples.append((time.perf_counter() - t0) / m)
        cpu.append((time.process_time() - c0) / m)  # all threads of the process
    return summarize(samples, cpu)


def blas_in_use():
    libs = set()
    try:
        with open("/proc/self/maps") as f:
            for line in f:
                m = re.search(r"(/\S*(?:blas|lapack|mkl)\S*)", line)
                if m:
                    libs.add(m.group(1))
    except OSError:
        pass
    if any("openblas" in l for l in libs):
        kind = "openblas-pthread" if any("pthread" in l for l in libs) else ("openblas-openmp" if any("openmp" in l for l in libs) else "openblas")
    elif any("mkl" in l for l in libs):
        kind = "mkl"
    elif any("blas" in l for l in libs):
        kind = "reference BLAS (slow: apt-get install libopenblas0-pthread)"
    else:
        kind = "unknown"
    return {"kind": kind, "libs": sorted(libs)}


def mlp(sizes):
    g = torch.Generator().manual_seed(0)
    params = []
    for a, b in zip(sizes[:-1], sizes[1:]):
        bound = 1 / a ** 0.5
        params += [((torch.rand(a, b, generator=g) * 2 - 1) * bound).requires_grad_(),
                   ((torch.rand(b, generator=g) * 2 - 1) * bound).requires_grad_()]
    return params


def mlp_forward(params, x):
    h = x
    for i in range(0, len(params), 2):
        h = h @ params[i] + params[i + 1]
        if i + 2 < len(params):
            h = torch.relu(h)
    return h


def half_sq(out, target):
    return ((out - target) ** 2).sum() / (2 * out.shape[0])


def data(n, dim, classes=10, seed=1):
    g = torch.Generator().manual_seed(seed)
    x = torch.rand(n, dim, generator=g)
    labels = torch.randint(0, classes, (n,), generator=g)
    return x, F.one_hot(labels, classes).float(), labels


def mlp_step_fn(sizes, batch=125):
    params = mlp(sizes)
    opt = torch.optim.SGD(params, lr=0.05, momentum=0.9, weight_decay=5e-4)
    x, onehot, _ = data(10000, sizes[0])
    perm = torch.randperm(10000, generator=torch.Generator().manual_seed(2))
    state = {"b": 0}

    def step():
        b = state["b"]
        idx = perm[b:b + batch]
        state["b"] = (b + batch) % 10000
        opt.zero_grad(set_to_none=True)
        loss = half_sq(mlp_forward(params, x[idx]), onehot[idx])
        loss.backward()
        opt.step()
    return step


def eval_fn(rows_list):
    params = mlp([784, 100, 10])
    sets = [data(n, 784, seed=3 + i) for i, n in enumerate(rows_list)]

    def run():
        with torch.no_grad():
            for x, onehot, labels in sets:
                out = mlp_forward(params, x)
                loss = float(((out - onehot) ** 2).sum() / 2)
                acc = int((out.argmax(1) == labels).sum())
        return loss, acc
    return run


def grid_batch_fn(K, rows_list=(500, 9500), M=3):
    """K landscape grid points of 784-100-10 at once, as src/analysis/landscape-batched.ts: theta(a, b) =
    sum_m c_m theta_m, so Z1 = C @ [Z1(theta_m)] (precomputed, [M, n*h]) and the last layer is
    sum_m c_m (H @ W1_m + b1_m) via one GEMM [K*n, h] x [h, M*10]."""
    g = torch.Generator().manual_seed(0)
    basis = [[p.detach() for p in mlp([784, 100, 10])] for _ in range(M)]
    w1 = torch.cat([b[2] for b in basis], 1)                      # [h, M*C]
    b1 = torch.stack([b[3] for b in basis])                       # [M, C]
    sets = []
    for i, n in enumerate(rows_list):
        x, onehot, labels = data(n, 784, seed=3 + i)
        z = x @ torch.cat([b[0] for b in basis], 1) + torch.cat([b[1] for b in basis])  # [n, M*h]
        sets.append((z.reshape(n, M, 100).transpose(0, 1).reshape(M, n * 100).contiguous(), onehot, labels))
    coefs = torch.rand(K, M, generator=g)

    def run():
        with torch.no_grad():
            res = []
            for z, onehot, labels in sets:
                n = onehot.shape[0]
                h = torch.relu(coefs @ z).reshape(K * n, 100)
                out = ((h @ w1).reshape(K, n, M, 10) * coefs[:, None, :, None]).sum(2) + (coefs @ b1)[:, None, :]
                res.append((((out - onehot) ** 2).sum((1, 2)) / 2, (out.argmax(2) == labels).sum(1)))
        return [float(r[0][0]) for r in res]
    return run


class ConvNet(torch.nn.Module if torch is not None else object):
    """widths as in src/models/vgg.ts (numbers = 3x3 'same' conv + ReLU, 'M' = 2x2 max-pool)."""

    def __init__(self, in_ch, hw, widths, hidden, dropout):
        super().__init__()
        layers, c, s = [], in_ch, hw
        for w in widths:
            if w == "M":
                layers.append(torch.nn.MaxPool2d(2)); s //= 2
            else:
                layers += [torch.nn.Conv2d(c, w, 3, padding=1), torch.nn.ReLU()]; c = w
        self.features = torch.nn.Sequential(*layers)
        head, f = [], c * s * s
        for h in hidden:
            head += [torch.nn.Dropout(dropout), torch.nn.Linear(f, h), torch.nn.ReLU()]; f = h
        head.append(torch.nn.Linear(f, 10))
        self.classifier = torch.nn.Sequential(*head)

    def forward(self, x):
        return self.classifier(torch.flatten(self.features(x), 1))


def conv_step_fn(in_ch, hw, widths, hidden, dropout, batch=125):
    torch.manual_seed(0)
    net = ConvNet(in_ch, hw, widths, hidden, dropout)
    opt = torch.optim.SGD(net.parameters(), lr=0.05, momentum=0.9, weight_decay=5e-4)
    x = torch.randn(batch, in_ch, hw, hw)
    y = F.one_hot(torch.arange(batch) % 10, 10).float()

    def step():
        opt.zero_grad(set_to_none=True)
        half_sq(net(x), y).backward()
        opt.step()
    return step


def pca_fn(T=300, P=80_000, k=5):
    rng = np.random.default_rng(0)
    rows = np.cumsum(rng.standard_normal((T, P), dtype=np.float32) * 0.003 + 0.01, axis=0).astype(np.float32)

    def run():
        X = torch.from_numpy(rows).double()
        Xc = X - X.mean(0)
        gram = Xc @ Xc.T
        vals, vecs = torch.linalg.eigh(gram)
        top = vecs[:, -k:].flip(1)
        comps = (top.T @ Xc) / vals[-k:].flip(0).clamp_min(1e-300).sqrt()[:, None]
        return comps.float()
    return run


def chains_fn(K, d=40, n=20, lr=0.005, sigma=0.5, seed=0):
    """numpy-vectorized SGD on the nonlinear model, gamma = 1; returns a function doing `steps` steps."""
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n, d))
    y = X @ (rng.standard_normal(d) / d ** 0.5)
    w = rng.standard_normal((K, d)) / d ** 0.5
    rows = np.arange(K)[:, None]
    state = {"t": 0, "perm": None}

    def run(steps):
        nonlocal w
        for _ in range(steps):
            t = state["t"] % n
            if t == 0:
                state["perm"] = np.argsort(rng.random((K, n)), axis=1)  # reshuffle every pass
            idx = state["perm"][:, t]
            x = X[idx]                                     # [K, d]
            r = np.sqrt(np.einsum("kd,kd->k", w, w))        # ||w||
            u = np.einsum("kd,kd->k", x, w)                 # x.w
            res = r * u - (y[idx] + sigma * rng.standard_normal(K))
            a = lr * r
            c1 = 1 - a * res * u / (r * r)                  # gamma (w.g)/r^2 with w.g = res u
            w = c1[:, None] * w - (a * res)[:, None] * x
            state["t"] += 1
        return w
    return run


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--only", default="")
    args = ap.parse_args()
    only = set(filter(None, args.only.split(",")))
    want = lambda name: not only or name in only
    results = {}

    def run(name, make, per=1.0):
        if not want(name):
            return
        try:
            r = time_calls(make(), args.repeats)
            results[name] = {k: (v / per if k != "repeats" else v) for k, v in r.items()}
        except Exception as e:  # report, keep going
            results[name] = {"error": f"{type(e).__name__}: {e}"}

    for K, steps in [(1, 2000), (256, 200)]:
        f = chains_fn(K)
        run(f"chains_k{K}", lambda f=f, steps=steps: (lambda: f(steps)), per=K * steps)  # seconds per chain-step
    if torch is not None:
        torch.set_num_threads(args.threads)
        run("mlp_small", lambda: mlp_step_fn([784, 100, 10]))
        run("mlp_large", lambda: mlp_step_fn([784, 256, 256, 10]))
        run("eval_10k", lambda: eval_fn([10000]))
        run("grid_point", lambda: eval_fn([500, 9500]))
        run("grid_batch", lambda: grid_batch_fn(8), per=8)  # seconds per point; K as GRID_CHUNK in scripts/bench/grid-workloads.ts
        run("cnn_small", lambda: conv_step_fn(1, 28, [16, "M", 32, "M"], [], 0.0))
        run("cnn_claim", lambda: conv_step_fn(1, 28, ["M", 8, "M", 16], [32], 0.0))  # claim map's convnet
        run("cnn_quick", lambda: conv_step_fn(3, 32, [16, "M", 32, "M", 64, "M"], [64], 0.0))  # quick-cnn profile's VGG
        run("vgg_small", lambda: conv_step_fn(3, 32, [32, "M", 64, "M", 64, 64, "M", 128, 128, "M", 256, 256, "M"], [128, 128], 0.5))
        run("pca_300x80k", pca_fn)
    json.dump({"python": platform.python_version(), "torch": torch.__version__ if torch else None,
               "numpy": np.__version__, "threads": args.threads, "blas": blas_in_use() if torch else None,
               "results": results}, sys.stdout)
    print()


if __name__ == "__main__":
    main()
