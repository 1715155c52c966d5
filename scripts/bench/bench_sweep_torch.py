#!/usr/bin/env python3
"""PyTorch reference for `npm run bench:sweep` (scripts/bench/bench-sweep.ts): the same late-decay sweep as
src/experiments/late-decay/run.ts -- per seed a main path at the large lr, then one subpath per decay epoch E that
starts from the main path's checkpoint at E (params + momentum read back from the checkpoint files) and trains
subpathEpochs at lr * decayFactor -- with the same SGD steps, full evaluations and checkpoint writes.

    python3 scripts/bench/bench_sweep_torch.py --config '<LateDecayConfig JSON>' --test-rows 9500 \
        --workers 1|2 --threads 1|2 [--out-dir DIR]

Prints one JSON object: {"wallSeconds", "workers", "threads", "importSeconds", "counts": {steps, evaluations,
checkpoints}, "processes": [{pid, startLatency, jobs, steps, evalSeconds, stepSeconds, checkpointSeconds,
branchLoadSeconds, dataSeconds, idleSeconds}]}. A benchmark, not a test.

Same work as ours, per path: an evaluation (forward + 1/2||f - onehot||^2 + argmax accuracy on the train subset
and the test set) at the start epoch, at every multiple of evalEveryEpochs and at the last epoch; a checkpoint
(params and momentum buffers appended as float32 rows) at the start and at every multiple of
checkpointEveryEpochs; each epoch a permutation of the n training rows in minibatches of batchSize; loss
1/2||f - onehot||^2 summed over classes, mean over the batch; torch.optim.SGD(momentum, weight_decay).
Data are random tensors of the real shapes (timing does not depend on the values).
With --workers 2 the paths are pulled from one ordered list (per seed: main path, then its subpaths) by the
processes exactly as src/runner/pool.ts does: each takes the first pending path whose main path
is done, and polls every 50 ms while none is ready.
"""
import argparse
import json
import math
import os
import sys
import time

T_IMPORT = time.perf_counter()
import numpy as np  # noqa: E402
import torch  # noqa: E402
import torch.multiprocessing as mp  # noqa: E402

IMPORT_SECONDS = time.perf_counter() - T_IMPORT


def tasks_of(c):
    """Per seed: the main path, then its subpaths (src/experiments/late-decay/units.ts lateDecayUnits)."""
    out = []
    for seed in c["seeds"]:
        out.append({"id": f"main/{seed}", "kind": "main", "seed": seed, "start": 0, "epochs": c["mainEpochs"]})
        for e in c["decayEpochs"]:
            out.append({"id": f"sub/{seed}/{e}", "kind": "subpath", "seed": seed, "start": e,
                        "epochs": c["subpathEpochs"], "dependsOn": f"main/{seed}"})
    return out


def path_counts(c, t, n_train):
    """SGD steps, evaluations and checkpoints of one path, as src/train/path.ts trainPath takes them."""
    s, end = t["start"], t["start"] + t["epochs"]
    ev, ck = c["evalEveryEpochs"], c["checkpointEveryEpochs"]
    evals = 1 + sum(1 for e in range(s + 1, end + 1) if e % ev == 0 or e == end)
    ckpts = (1 + sum(1 for e in range(s + 1, end + 1) if e % ck == 0)) if ck > 0 else 0
    return {"steps": t["epochs"] * math.ceil(n_train / c["batchSize"]), "evaluations": evals, "checkpoints": ckpts}


class Data:
    def __init__(self, c, test_rows, seed=0):
        g = torch.Generator().manual_seed(seed)
        k = c["model"]["numClasses"]
        self.n = c["data"]["trainPerClass"] * k
        dim = c["model"]["inputDim"]
        self.sets = []
        for n in (self.n, test_rows):
            x = torch.rand(n, dim, generator=g)
            labels = torch.randint(0, k, (n,), generator=g)
            self.sets.append((x, torch.nn.functional.one_hot(labels, k).float(), labels))
        self.x, self.onehot = self.sets[0][0], self.sets[0][1]


def init_params(sizes, seed):
    g = torch.Generator().manual_seed(seed)
    ps = []
    for a, b in zip(sizes[:-1], sizes[1:]):
        ps += [(torch.randn(a, b, generator=g) * (2 / a) ** 0.5).requires_grad_(), torch.zeros(b, requires_grad=True)]
    return ps


def forward(ps, x):
    h = x
    for i in range(0, len(ps), 2):
        h = h @ ps[i] + ps[i + 1]
        if i + 2 < len(ps):
            h = torch.relu(h)
    return h


class Timers:
    def __init__(self):
        self.t = {"stepSeconds": 0.0, "evalSeconds": 0.0, "checkpointSeconds": 0.0, "branchLoadSeconds": 0.0,
                  "dataSeconds": 0.0, "idleSeconds": 0.0}
        self.steps = 0
        self.evaluations = 0
        self.checkpoints = 0


def evaluate(ps, data, tm):
    t0 = time.perf_counter()
    row = []
    with torch.no_grad():
        for x, onehot, labels in data.sets:
            out = forward(ps, x)
            loss = float(((out - onehot) ** 2).sum()) / (2 * x.shape[0])
            acc = int((out.argmax(1) == labels).sum()) / x.shape[0]
            if not math.isfinite(loss):
                raise RuntimeError(f"diverged: loss {loss}")
            row += [loss, acc]
    tm.t["evalSeconds"] += time.perf_counter() - t0
    tm.evaluations += 1
    return row


def flat(tensors):
    return torch.cat([t.detach().reshape(-1) for t in tensors]).numpy().astype(np.float32, copy=False)


def checkpoint(ps, opt, files, tm):
    t0 = time.perf_counter()
    vel = [opt.state[p]["momentum_buffer"] if p in opt.state and "momentum_buffer" in opt.state[p] else torch.zeros_like(p)
           for p in ps]
    flat(ps).tofile(files[0])
    flat(vel).tofile(files[1])
    for f in files:
        f.flush()
    tm.t["checkpointSeconds"] += time.perf_counter() - t0
    tm.checkpoints += 1


def branch_state(c, t, out_dir, ps, opt, tm):
    """Loads params and momentum of the main path's checkpoint at the decay epoch (one row of each file)."""
    t0 = time.perf_counter()
    size = sum(p.numel() for p in ps)
    row = t["start"] // c["checkpointEveryEpochs"]
    d = os.path.join(out_dir, f"main-{t['seed']}")
    vecs = [np.fromfile(os.path.join(d, f), dtype=np.float32, count=size, offset=row * size * 4)
            for f in ("params.f32", "velocity.f32")]
    with torch.no_grad():
        off = 0
        for p in ps:
            k = p.numel()
            p.copy_(torch.from_numpy(vecs[0][off:off + k]).reshape(p.shape))
            opt.state[p]["momentum_buffer"] = torch.from_numpy(vecs[1][off:off + k].copy()).reshape(p.shape)
            off += k
    tm.t["branchLoadSeconds"] += time.perf_counter() - t0


def train_path(c, t, data, out_dir, tm):
    sizes = [c["model"]["inputDim"], *c["model"]["hidden"], c["model"]["numClasses"]]
    h = c["hyper"]
    lr = h["lr"] * (c["decayFactor"] if t["kind"] == "subpath" else 1.0)
    ps = init_params(sizes, t["seed"])
    opt = torch.optim.SGD(ps, lr=lr, momentum=h["momentum"], weight_decay=h["weightDecay"])
    if t["kind"] == "subpath":
        branch_state(c, t, out_dir, ps, opt, tm)
    d = os.path.join(out_dir, t["id"].replace("/", "-"))
    os.makedirs(d, exist_ok=True)
    gen = torch.Generator().manual_seed(1000 * t["seed"] + t["start"])
    ev, ck, bs, n = c["evalEveryEpochs"], c["checkpointEveryEpochs"], c["batchSize"], data.n
    epoch, end = t["start"], t["start"] + t["epochs"]
    with open(os.path.join(d, "params.f32"), "wb") as fp, open(os.path.join(d, "velocity.f32"), "wb") as fv:
        history = [evaluate(ps, data, tm)]
        if ck > 0:
            checkpoint(ps, opt, (fp, fv), tm)
        while epoch < end:
            t0 = time.perf_counter()
            perm = torch.randperm(n, generator=gen)
            for b in range(0, n, bs):
                idx = perm[b:b + bs]
                opt.zero_grad(set_to_none=True)
                out = forward(ps, data.x[idx])
                loss = ((out - data.onehot[idx]) ** 2).sum() / (2 * idx.shape[0])
                loss.backward()
                opt.step()
                tm.steps += 1
            tm.t["stepSeconds"] += time.perf_counter() - t0
            epoch += 1
            if epoch % ev == 0 or epoch == end:
                history.append(evaluate(ps, data, tm))
            if ck > 0 and epoch % ck == 0:
                checkpoint(ps, opt, (fp, fv), tm)
    t0 = time.perf_counter()
    with open(os.path.join(d, "history.json"), "w") as f:
        json.dump(history, f)
    tm.t["checkpointSeconds"] += time.perf_counter() - t0


def worker(rank, c, test_rows, out_dir, threads, state, lock, t_start, results):
    """One process: pulls paths as src/runner/pool.ts does (first pending path whose dependency is done)."""
    torch.set_num_threads(threads)
    start_latency = time.perf_counter() - t_start if t_start is not None else 0.0
    tm = Timers()
    t0 = time.perf_counter()
    data = Data(c, test_rows)
    tm.t["dataSeconds"] = time.perf_counter() - t0
    tasks = tasks_of(c)
    ids = [t["id"] for t in tasks]
    jobs = []
    while True:
        with lock:
            i = next((k for k, t in enumerate(tasks) if state[k] == 0 and
                      (not t.get("dependsOn") or state[ids.index(t["dependsOn"])] == 2)), -1)
            if i >= 0:
                state[i] = 1
            pending = any(state[k] == 0 for k in range(len(tasks)))
        if i < 0:
            if not pending:
                break
            time.sleep(0.05)
            tm.t["idleSeconds"] += 0.05
            continue
        train_path(c, tasks[i], data, out_dir, tm)
        jobs.append(tasks[i]["id"])
        with lock:
            state[i] = 2
    rep = {"pid": os.getpid(), "startLatency": start_latency, "jobs": jobs, "steps": tm.steps,
           "evaluations": tm.evaluations, "checkpoints": tm.checkpoints, **tm.t}
    if results is None:
        return rep
    results.put(rep)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--config", required=True, help="LateDecayConfig as JSON")
    ap.add_argument("--test-rows", type=int, required=True)
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--out-dir", required=True, help="fresh folder for the checkpoint files")
    a = ap.parse_args()
    c = json.loads(a.config)
    torch.set_num_threads(a.threads)
    tasks = tasks_of(c)
    n_train = c["data"]["trainPerClass"] * c["model"]["numClasses"]
    counts = {k: sum(path_counts(c, t, n_train)[k] for t in tasks) for k in ("steps", "evaluations", "checkpoints")}
    ctx = mp.get_context("fork")
    state, lock = ctx.Array("i", len(tasks), lock=False), ctx.Lock()
    t0 = time.perf_counter()
    if a.workers == 1:
        procs = [worker(0, c, a.test_rows, a.out_dir, a.threads, state, lock, None, None)]
    else:
        q = ctx.Queue()
        ps = [ctx.Process(target=worker, args=(r, c, a.test_rows, a.out_dir, a.threads, state, lock, t0, q))
              for r in range(a.workers)]
        for p in ps:
            p.start()
        procs = [q.get() for _ in ps]
        for p in ps:
            p.join()
    wall = time.perf_counter() - t0
    done = {k: sum(p[k] for p in procs) for k in ("steps", "evaluations", "checkpoints")}
    if done != counts:
        raise SystemExit(f"work done {done} differs from the counted work {counts}")
    json.dump({"python": sys.version.split()[0], "torch": torch.__version__, "workers": a.workers, "threads": a.threads,
               "importSeconds": IMPORT_SECONDS, "wallSeconds": wall, "counts": counts, "processes": procs}, sys.stdout)
    print()


if __name__ == "__main__":
    main()
