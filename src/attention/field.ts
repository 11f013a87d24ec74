/**
 * The 3-D gradient-flow field −∇L(e, w, a) at b* of the reconstructed (e, w, a) model (§8 RECONSTRUCTION),
 * in the form the integrators of src/flows call: (y, dy) => void, y = [e, w, a], no allocation per call.
 * Registered for the parallel integrators as { kind: "attention", p, q, N }, so `integrateMany` can run
 * it on worker threads.
 */
import { registerField } from "../flows/fields";
import type { Field } from "../flows/ode";
import { attentionChain } from "./chain";
import { AttentionEvaluator } from "./evaluator";

/**
 * −∇L(e, w, a) at b*(e, w, a) for sequences of length N from the chain (p, q): builds the O(N²) cell table
 * once, then each call is a safeguarded Newton solve for b* and one gradient pass over the cells. The b* solve
 * starts from the same guess at every call (no warm start), so results do not depend on call history.
 *
 * @example
 * const f = attentionFlowField(0.2, 0.3, 32);
 * const dy = new Float64Array(3);
 * f(Float64Array.of(0.1, 0.05, -0.1), dy); // dy = [ė, ẇ, ȧ] = −∇L
 */
export function attentionFlowField(p: number, q: number, N: number): Field {
  const ev = new AttentionEvaluator(attentionChain(p, q, N));
  const g = new Float64Array(4);
  return (y, dy) => {
    if (!(Number.isFinite(y[0]) && Number.isFinite(y[1]) && Number.isFinite(y[2]))) {
      dy.fill(NaN); // let the integrator report "blow-up" instead of throwing mid-step
      return;
    }
    ev.set(y[0], y[1], y[2]);
    ev.gradient(ev.optimalBias(), g);
    dy[0] = -g[0];
    dy[1] = -g[1];
    dy[2] = -g[2];
  };
}

registerField("attention", __filename, (s) => attentionFlowField(Number(s.p), Number(s.q), Number(s.N)));
