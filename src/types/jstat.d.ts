// Minimal typings for the parts of jStat (npm "jstat", no published types) used here.
declare module "jstat" {
  export const jStat: {
    /** two-sided (sides = 2) p-value of a t statistic `t` for a sample of size n (n − 1 degrees of freedom) */
    ttest(t: number, n: number, sides?: 1 | 2): number;
    studentt: { inv(p: number, dof: number): number; cdf(x: number, dof: number): number };
  };
}
