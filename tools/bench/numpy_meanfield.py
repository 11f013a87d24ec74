"""NumPy reference for `npm run bench -- meanfield`: one training step of the mean-field transformer
(Gao et al., Sec. 2) -- forward, backward and the ML-rescaled Euler update with weight decay --
vectorised over the M particles of a layer and the n prompts (float64).

Written for this project from the model's equations, independently of src/meanfield:
  attention half-step  U = Z + c sum_j V_j Z softmax_col(Z^T W_j Z),   c = 1/(2ML)
  feed-forward         Z' = U + c sum_j W2_j huber(W1_j U)             (Huberized ReLU, threshold 1)
  risk                 R = mean_b 1/2 (Z_L[b, readRow, readCol] - y_b)^2
  update               theta <- theta - eta (ML grad R + lambda theta)

usage: python3 numpy_meanfield.py FILE steps
  FILE holds float64: n, D, T, k, L, M, readRow, readCol, eta, lambda, then H (n*D*T), y (n),
  params (L*M*P, per particle V, W, W1, W2 row-major), as written by tools/bench/meanfield.ts.
prints: numpy check risk=<R> gradnorm=<|grad R|>     (at the given params, for the cross-check)
        numpy step median_ms=<ms> version=<numpy version>
"""
import statistics
import sys
import time

import numpy as np


def unpack(theta, L, M, D, k):
    P = 2 * D * D + 2 * k * D
    p = theta.reshape(L, M, P)
    V = p[:, :, : D * D].reshape(L, M, D, D)
    W = p[:, :, D * D : 2 * D * D].reshape(L, M, D, D)
    W1 = p[:, :, 2 * D * D : 2 * D * D + k * D].reshape(L, M, k, D)
    W2 = p[:, :, 2 * D * D + k * D :].reshape(L, M, D, k)
    return V, W, W1, W2


def huber(x):
    return np.where(x <= 0, 0.0, np.where(x < 1, 0.5 * x * x, x - 0.5))


def huber_prime(x):
    return np.clip(x, 0.0, 1.0)


def risk_and_grad(theta, H, y, L, M, D, k, rr, rc):
    n, _, T = H.shape
    c = 1.0 / (2 * M * L)
    V, W, W1, W2 = unpack(theta, L, M, D, k)
    g = np.zeros_like(theta)
    gV, gW, gW1, gW2 = unpack(g, L, M, D, k)  # views into g
    Z = H
    cache = []
    for l in range(L):
        WZ = np.matmul(W[l][:, None], Z[None])                     # (M, n, D, T)
        S = np.matmul(Z.transpose(0, 2, 1)[None], WZ)               # (M, n, T, T): rows keys a, cols queries i
        S -= S.max(axis=2, keepdims=True)
        np.maximum(S, -60.0, out=S)
        A = np.exp(S)
        A /= A.sum(axis=2, keepdims=True)
        Y = np.matmul(Z[None], A)                                   # (M, n, D, T)
        U = Z + c * np.matmul(V[l][:, None], Y).sum(axis=0)
        Pp = np.matmul(W1[l][:, None], U[None])                     # (M, n, k, T)
        Sg = huber(Pp)
        Zn = U + c * np.matmul(W2[l][:, None], Sg).sum(axis=0)
        cache.append((Z, WZ, A, Y, U, Pp, Sg))
        Z = Zn
    e = Z[:, rr, rc] - y
    R = 0.5 * np.mean(e * e)
    G = np.zeros_like(Z)
    G[:, rr, rc] = e / n
    for l in range(L - 1, -1, -1):
        Z, WZ, A, Y, U, Pp, Sg = cache[l]
        # feed-forward
        gW2[l] = c * np.einsum("nrt,mnht->mrh", G, Sg)
        Dl = c * np.matmul(W2[l].transpose(0, 2, 1)[:, None], G[None]) * huber_prime(Pp)   # (M, n, k, T)
        gW1[l] = np.einsum("mnht,nqt->mhq", Dl, U)
        GU = G + np.matmul(W1[l].transpose(0, 2, 1)[:, None], Dl).sum(axis=0)
        # attention
        gV[l] = c * np.einsum("nrt,mnqt->mrq", GU, Y)
        dY = c * np.matmul(V[l].transpose(0, 2, 1)[:, None], GU[None])                      # (M, n, D, T)
        GZ = GU + np.matmul(dY, A.transpose(0, 1, 3, 2)).sum(axis=0)
        dA = np.matmul(Z.transpose(0, 2, 1)[None], dY)                                      # (M, n, T, T)
        dS = A * (dA - (A * dA).sum(axis=2, keepdims=True))
        ZdS = np.matmul(Z[None], dS)                                                        # (M, n, D, T)
        gW[l] = np.einsum("mnpt,nqt->mpq", ZdS, Z)
        ZdSt = np.matmul(Z[None], dS.transpose(0, 1, 3, 2))
        GZ += (np.matmul(W[l][:, None], ZdSt) + np.matmul(W[l].transpose(0, 2, 1)[:, None], ZdS)).sum(axis=0)
        G = GZ
    return R, g


def main():
    f, steps = sys.argv[1], int(sys.argv[2])
    raw = np.fromfile(f, dtype=np.float64)
    n, D, T, k, L, M, rr, rc = (int(v) for v in raw[:8])
    eta, lam = raw[8], raw[9]
    o = 10
    H = raw[o : o + n * D * T].reshape(n, D, T); o += n * D * T
    y = raw[o : o + n]; o += n
    theta = raw[o:].copy()
    R, g = risk_and_grad(theta, H, y, L, M, D, k, rr, rc)
    print(f"numpy check risk={R!r} gradnorm={float(np.sqrt((g * g).sum()))!r}")
    ML = M * L
    times = []
    for _ in range(steps + 2):
        t0 = time.perf_counter()
        R, g = risk_and_grad(theta, H, y, L, M, D, k, rr, rc)
        theta -= eta * (ML * g + lam * theta)
        times.append(time.perf_counter() - t0)
    print(f"numpy step median_ms={1000 * statistics.median(times[2:]):.3f} version={np.__version__}")


if __name__ == "__main__":
    main()
