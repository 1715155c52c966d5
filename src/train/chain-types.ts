/** Result, record and option types of the nonlinear-model chain engine (./chains; Ren, Ma, Ying 2024, Sec. 4). */
import type { ResolvedChainConfig } from "./chain-config";

/** One recorded point of one chain. Losses use the full training set; distances are in α-space. */
export interface ChainRecord {
  /** chain index in the input array */
  chain: number;
  /** number of updates done (0 = initial point) */
  step: number;
  /** learning rate of update `step` (step 0 reports η) */
  lr: number;
  /** L(w) = (1/2n)‖Xα − y‖² on the full training set (no label noise) */
  trainLoss: number;
  /** L_test(w) = ½‖α − α*‖² + ½σ_ε² */
  testLoss: number;
  /** ‖α − α_mn‖, distance to the minimum-norm solution */
  distMn: number;
  /** ‖(I − P_X)(α − α_mn)‖, distance along the minima manifold */
  distAlong: number;
  /** ‖P_X(α − α_mn)‖, distance off the minima manifold */
  distOff: number;
  /** ‖w‖ */
  normW: number;
  /** tr(H) by the on-manifold formula (exact on M, Gauss–Newton part elsewhere) */
  traceH: number;
  /** the parameters w [d] at this step; only with RunChainsOptions.recordParams */
  w?: number[];
}

/**
 * How a chain ended: all steps done; "diverged" (minibatch or recorded full loss NaN/Inf or
 * > maxLoss, or ‖w‖ non-finite); "reachedZero" (γ > 0 and ‖w‖ ≤ zeroNormTol, where ∇α is singular
 * for γ < 1). A stopped chain is frozen: no further updates and no further records.
 */
export type ChainStatus = "completed" | "diverged" | "reachedZero";

/** Per-chain outcome. */
export interface ChainSummary {
  chain: number;
  config: ResolvedChainConfig;
  status: ChainStatus;
  /** number of updates applied when the chain stopped early (null if completed) */
  stoppedAtStep: number | null;
}

/** Result of {@link runChains}. */
export interface ChainResult {
  /** parameter dimension */
  d: number;
  /** records of all chains, chain-major then by step */
  records: ChainRecord[];
  chains: ChainSummary[];
  /** last iterate of every chain, [K, d] row-major (a diverged chain's row may be non-finite) */
  finalW: Float64Array;
}

/** Progress report: `stepsDone` of `stepsTotal` updates over all chains. */
export interface ChainProgress {
  chainsDone: number;
  chains: number;
  stepsDone: number;
  stepsTotal: number;
}

/** Options of {@link runChains}. */
export interface RunChainsOptions {
  /** record every s updates (plus step 0 and each chain's last step), integer ≥ 1 */
  recordEverySteps: number;
  /** checked every `checkEverySteps` updates; abort → CancelledError */
  signal?: AbortSignal;
  onProgress?: (p: ChainProgress) => void;
  /** a chain whose minibatch or full loss exceeds this (or is NaN/Inf) is diverged; default 1e10 */
  maxLoss?: number;
  /** for γ > 0, a chain with ‖w‖ ≤ this is frozen as reachedZero; default 1e-10 (w = 0 is a regular point for γ = 0) */
  zeroNormTol?: number;
  /** updates between cancellation checks; default 1000 */
  checkEverySteps?: number;
  /** also store w [d] in every record (for drawing trajectories when d is small); default false */
  recordParams?: boolean;
}
