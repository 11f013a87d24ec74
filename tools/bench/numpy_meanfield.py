"""NumPy reference for `npm run bench -- meanfield`: one training step of the mean-field transformer
(Gao et al., Sec. 2) -- forward, backward and the ML-rescaled Euler update with weight decay --
vectorised over the M particles of a layer and the n prompts (float64).

Every product over a layer's M particles is one GEMM (the particles stacked along the rows), and
every product that needs one prompt's own tokens is a batch of n GEMMs with the particles folded
into the columns: 2.3x faster here than the same step written with stacked (M, n) matmuls over
tiny matrices (50 ms), which spends its time in per-matrix overhead.

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


def risk_and_grad(theta, H, y, L, M, D, k, rr, rc):
    n, _, T = H.shape
    c = 1.0 / (2 * M * L)
    P = 2 * D * D + 2 * k * D
    p = theta.reshape(L, M, P)
    g = np.zeros_like(theta)
    gp = g.reshape(L, M, P)
    nT = n * T
    Zf = np.ascontiguousarray(H.transpose(1, 0, 2)).reshape(D, nT)   # (D, n·T): column (b, i)
    cache = []
    for l in range(L):
        V = p[l, :, : D * D].reshape(M, D, D)
        W = p[l, :, D * D : 2 * D * D].reshape(M, D, D)
        W1 = p[l, :, 2 * D * D : 2 * D * D + k * D].reshape(M, k, D)
        W2 = p[l, :, 2 * D * D + k * D :].reshape(M, D, k)
        Zb = Zf.reshape(D, n, T).transpose(1, 0, 2)                  # (n, D, T) view
        WZ = (W.reshape(M * D, D) @ Zf).reshape(M, D, n, T)          # (M, D, n, T)
        WZb = np.ascontiguousarray(WZ.transpose(2, 1, 0, 3)).reshape(n, D, M * T)   # (n, r, (m, i))
        S = np.matmul(Zb.transpose(0, 2, 1), WZb).reshape(n, T, M, T)  # (n, a, m, i)
        S -= S.max(axis=1, keepdims=True)
        np.maximum(S, -60.0, out=S)
        A = np.exp(S)
        A /= A.sum(axis=1, keepdims=True)
        Af = A.reshape(n, T, M * T)
        Y = np.matmul(Zb, Af)                                          # (n, q, (m, i))
        Yf = np.ascontiguousarray(Y.reshape(n, D, M, T).transpose(2, 1, 0, 3)).reshape(M * D, nT)  # ((m, q), (b, i))
        Vcat = np.ascontiguousarray(V.transpose(1, 0, 2)).reshape(D, M * D)   # (r, (m, q))
        Uf = Zf + c * (Vcat @ Yf)
        Pp = W1.reshape(M * k, D) @ Uf                                 # ((m, h), (b, i))
        Sp = np.maximum(Pp, 0.0)                                       # sigma'(P) = clip(P, 0, 1)
        np.minimum(Sp, 1.0, out=Sp)
        Sg = Sp * (Pp - 0.5 * Sp)                                      # Huberized ReLU: s (x - s/2)
        W2cat = np.ascontiguousarray(W2.transpose(1, 0, 2)).reshape(D, M * k)  # (r, (m, h))
        Znext = Uf + c * (W2cat @ Sg)
        cache.append((Zf, Zb, WZb, Af, Yf, Uf, Sp, Sg, W, W1, W2cat, Vcat))
        Zf = Znext
    out = Zf.reshape(D, n, T)[rr, :, rc]
    e = out - y
    R = 0.5 * np.mean(e * e)
    G = np.zeros((D, n, T))
    G[rr, :, rc] = e / n
    G = G.reshape(D, nT)
    for l in range(L - 1, -1, -1):
        Zf, Zb, WZb, Af, Yf, Uf, Sp, Sg, W, W1, W2cat, Vcat = cache[l]
        gl = gp[l]
        # feed-forward
        gl[:, 2 * D * D + k * D :] = (c * (G @ Sg.T)).reshape(D, M, k).transpose(1, 0, 2).reshape(M, D * k)
        Dl = W2cat.T @ G                                               # ((m, h), (b, i))
        Dl *= Sp
        Dl *= c
        gl[:, 2 * D * D : 2 * D * D + k * D] = (Dl @ Uf.T).reshape(M, k * D)
        GU = G + np.ascontiguousarray(W1.transpose(2, 0, 1)).reshape(D, M * k) @ Dl
        # attention
        gl[:, : D * D] = (c * (GU @ Yf.T)).reshape(D, M, D).transpose(1, 0, 2).reshape(M, D * D)
        dY = c * (Vcat.T @ GU)                                         # ((m, q), (b, i))
        dYb = np.ascontiguousarray(dY.reshape(M, D, n, T).transpose(2, 1, 0, 3)).reshape(n, D, M * T)
        Ab = Af.reshape(n, T, M * T)
        GZb = np.matmul(dYb, Ab.transpose(0, 2, 1))                    # (n, q, a)
        dA = np.matmul(Zb.transpose(0, 2, 1), dYb).reshape(n, T, M, T)  # (n, a, m, i)
        A4 = Ab.reshape(n, T, M, T)
        dS = A4 * (dA - (A4 * dA).sum(axis=1, keepdims=True))
        dSf = dS.reshape(n, T, M * T)
        X = np.matmul(Zb, dSf)                                         # (n, p, (m, i))
        Xf = np.ascontiguousarray(X.reshape(n, D, M, T).transpose(2, 1, 0, 3)).reshape(M * D, nT)  # ((m, p), (b, i))
        gl[:, D * D : 2 * D * D] = (Xf @ Zf.T).reshape(M, D * D)
        GZb += np.matmul(WZb, dSf.transpose(0, 2, 1))                  # (n, r, a)
        Wt = np.ascontiguousarray(W.transpose(2, 0, 1)).reshape(D, M * D)    # (r, (m, p))
        G = GU + np.ascontiguousarray(GZb.transpose(1, 0, 2)).reshape(D, nT) + Wt @ Xf
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
