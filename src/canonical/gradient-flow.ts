/**
 * Gradient flow of the canonical loss from one start: ė = −∂L/∂e, ẇ = −∂L/∂w at b* (Local to
 * Global §3.3), integrated by adaptive Dormand–Prince 5(4). The result holds the end point, how
 * the integration stopped (`converged`, `time-limit`, `blow-up`, `max-steps`, `step-underflow`,
 * `non-finite-field`; `detail` says why in words) and, on request,
 * the time-stamped trajectory.
 *
 * @example
 * const r = gradientFlow(0.5, -1, 0.9, 0.9);
 * r.outcome;          // "converged"
 * r.y;                // end point (e, w), on Γ*
 */
import { canonicalFlowField } from "./field";
import { assertFinite } from "../runtime/validate";
import { AdaptiveOptions, FlowResult, dopri5 } from "../flows/ode";

/** Defaults: rtol 1e-8, atol 1e-12, stop at |∇L| < 1e-8 or t = 1000. */
export function gradientFlow(e0: number, w0: number, p: number, q: number, options: AdaptiveOptions = {}): FlowResult {
  assertFinite("e0", e0);
  assertFinite("w0", w0);
  return dopri5(canonicalFlowField(p, q), [e0, w0], { rtol: 1e-8, atol: 1e-12, gradTol: 1e-8, tMax: 1000, ...options });
}
