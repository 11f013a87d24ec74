"""SciPy reference for `npm run bench -- flows`: the same problem with solve_ivp (RK45).

Gradient flow of the canonical loss L(e, w) at the optimal bias (Local to Global, §3.3), written
from the formulas: c = (1 + 2w|w|) e², sigma(f1*) from the root of q e^c t^2 + (q - p) t - p = 0,
g1 = pi1 (sigma(f1*) - (1 - q)), dL/de = 2e(1 + 2w|w|) g1, dL/dw = 4|w| e^2 g1.
Stops at |grad L| < grad_tol (terminal event) or t = t_max.

usage: python3 scipy_flows.py p q rtol atol grad_tol t_max e0 w0 e1 w1 ...
prints: trajectories=<n> seconds=<wall> converged=<n>
"""
import math
import sys
import time

from scipy.integrate import solve_ivp


def field(p, q):
    pi1 = p / (p + q)
    a = q - p

    def grad(e, w):
        k = 1 + 2 * w * abs(w)
        c = k * e * e
        if c > 700:
            s1 = 1.0
        else:
            u = math.exp(c)
            r = math.sqrt(a * a + 4 * p * q * u)
            tu = (2 * p * u / (a + r) if a + r > 0 else 0.0) if a >= 0 else (r - a) / (2 * q)
            s1 = tu / (1 + tu)
        g1 = pi1 * (s1 - (1 - q))
        return 2 * e * k * g1, 4 * abs(w) * e * e * g1

    return grad


def main():
    p, q, rtol, atol, grad_tol, t_max = map(float, sys.argv[1:7])
    starts = list(map(float, sys.argv[7:]))
    grad = field(p, q)

    def rhs(t, y):
        ge, gw = grad(y[0], y[1])
        return [-ge, -gw]

    def small_gradient(t, y):
        ge, gw = grad(y[0], y[1])
        return math.hypot(ge, gw) - grad_tol

    small_gradient.terminal = True
    n = len(starts) // 2
    converged = 0
    t0 = time.perf_counter()
    for i in range(n):
        y0 = [starts[2 * i], starts[2 * i + 1]]
        ge, gw = grad(*y0)
        if math.hypot(ge, gw) < grad_tol:
            converged += 1
            continue
        sol = solve_ivp(rhs, (0.0, t_max), y0, method="RK45", rtol=rtol, atol=atol, events=small_gradient)
        converged += sol.status == 1
    print(f"trajectories={n} seconds={time.perf_counter() - t0:.6f} converged={converged}")


if __name__ == "__main__":
    main()
