"""PyTorch CPU reference for `npm run bench -- transformer`: the same single-layer model and step.

Written from the architecture description (Local to Global note, section 2): binary tokens,
embedding x*e + p_n, causal softmax attention (W_Q, W_K, W_V, W_O) with skip, ReLU FFN of width
4d with skip, no LayerNorm, head tied to e plus a scalar bias, BCE-with-logits loss; AdamW
(0.9, 0.95), weight decay 1e-3. float32 (PyTorch's default), torch.set_num_threads(threads).

usage: python3 torch_transformer.py B N d steps threads
prints: torch step median_s=<seconds> threads=<n> version=<torch version>
"""
import math
import statistics
import sys
import time

import torch
import torch.nn.functional as F


class Model(torch.nn.Module):
    def __init__(self, d, N):
        super().__init__()
        self.d = d
        self.e = torch.nn.Parameter(0.02 * torch.randn(d))
        self.pos = torch.nn.Parameter(0.02 * torch.randn(N, d))
        self.wq = torch.nn.Linear(d, d, bias=False)
        self.wk = torch.nn.Linear(d, d, bias=False)
        self.wv = torch.nn.Linear(d, d, bias=False)
        self.wo = torch.nn.Linear(d, d, bias=False)
        self.w1 = torch.nn.Linear(d, 4 * d, bias=False)
        self.w2 = torch.nn.Linear(4 * d, d, bias=False)
        self.b = torch.nn.Parameter(torch.zeros(()))
        self.register_buffer("mask", torch.ones(N, N).tril().bool())

    def forward(self, x):  # x: (B, N) float
        h = x.unsqueeze(-1) * self.e + self.pos  # (B, N, d)
        q, k, v = self.wq(h), self.wk(h), self.wv(h)
        s = q @ k.transpose(1, 2) / math.sqrt(self.d)
        s = s.masked_fill(~self.mask, float("-inf"))
        y = h + self.wo(torch.softmax(s, dim=-1) @ v)
        z = y + self.w2(F.relu(self.w1(y)))
        return z @ self.e + self.b  # (B, N)


def main():
    B, N, d, steps, threads = map(int, sys.argv[1:6])
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    model = Model(d, N)
    decay = [model.e, model.wq.weight, model.wk.weight, model.wv.weight, model.wo.weight, model.w1.weight, model.w2.weight]
    opt = torch.optim.AdamW([{"params": decay, "weight_decay": 1e-3}, {"params": [model.pos, model.b], "weight_decay": 0.0}],
                            lr=2e-3, betas=(0.9, 0.95))
    bits = torch.randint(0, 2, (B, N + 1)).float()
    times = []
    for _ in range(steps + 2):
        t0 = time.perf_counter()
        logits = model(bits[:, :-1])
        loss = F.binary_cross_entropy_with_logits(logits, bits[:, 1:])
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        times.append(time.perf_counter() - t0)
    print(f"torch step median_s={statistics.median(times[2:]):.4f} threads={threads} version={torch.__version__}")


if __name__ == "__main__":
    main()
