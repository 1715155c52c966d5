/**
 * The one input normalisation of the network experiments: per-channel standardisation
 * x' = (x − mean_c) / std_c of images scaled to [0, 1], with (mean, std) either measured on the
 * training subset or the data set's usual constants, applied identically to the training subset
 * and the test set (the test set never contributes to the statistics).
 */
import { check } from "../core/errors";
import type { ImageSet } from "./image-set";

/** Per-channel statistics, [C] each (C = 1 for MNIST, 3 for CIFAR-10). */
export interface ChannelStats {
  mean: number[];
  std: number[];
}

/**
 * Mean and (population) standard deviation per channel over all images and pixels of `s`
 * (NHWC: channel = flat index mod C), accumulated in float64.
 * @returns mean [C], std [C]
 * @throws ConfigError for an empty set or a channel whose std is 0 (constant input cannot be standardised)
 */
export function channelStats(s: ImageSet): ChannelStats {
  const channels = s.shape[2];
  check(s.n > 0, "cannot compute input statistics of an empty set");
  const sum = new Float64Array(channels), sumSq = new Float64Array(channels);
  for (let i = 0; i < s.x.length; i++) {
    const c = i % channels, v = s.x[i];
    sum[c] += v;
    sumSq[c] += v * v;
  }
  const count = s.x.length / channels;
  const mean = Array.from(sum, (v) => v / count);
  const std = Array.from(sumSq, (v, c) => Math.sqrt(Math.max(0, v / count - mean[c] * mean[c])));
  std.forEach((v, c) => check(v > 0, `channel ${c} of the training subset is constant (std 0, mean ${mean[c]}): cannot standardise`));
  return { mean, std };
}

/**
 * A standardised copy of `s`: x' = (x − mean_c) / std_c per channel.
 * @param stats mean [C], std [C] with C = s.shape[2], std > 0
 * @returns a new set, same shape and labels
 * @throws ConfigError when the statistics do not match the channels or a std is not positive
 */
export function standardize(s: ImageSet, stats: ChannelStats): ImageSet {
  const channels = s.shape[2];
  check(stats.mean.length === channels && stats.std.length === channels,
    `statistics for ${stats.mean.length} channel(s) given for images with ${channels} channel(s)`);
  stats.std.forEach((v, c) => check(Number.isFinite(v) && v > 0, `std of channel ${c} must be positive, got ${v}`));
  const x = new Float32Array(s.x.length);
  for (let i = 0; i < x.length; i++) {
    const c = i % channels;
    x[i] = (s.x[i] - stats.mean[c]) / stats.std[c];
  }
  return { ...s, x, shape: [...s.shape] }; // labels shared: sets are never mutated
}
