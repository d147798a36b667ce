//! A table-driven base-2 logarithm of `f32` values, for the `f32` hot paths of FSRS.
//!
//! `libm`'s `logf` and `log2f` (fdlibm) end in a division and are the slowest link in the
//! serial chain of a review history. This is the algorithm of the table-driven `logf` and
//! `log2f` in glibc and musl (ARM optimized-routines): split x = 2^k · z with z in
//! [0.699, 1.398), look up 1/c and log2 c for the 64th of that range that holds z, and add a
//! polynomial in r = z/c - 1, |r| < 2^-7, all in `f64`.
//!
//! Deterministic on every target: it uses only bit manipulation, a constant table and
//! IEEE-754 `f64` multiplications, additions, subtractions and conversions, each correctly
//! rounded and identical on native, WASM and C builds (Rust never fuses `a * b + c` into a
//! fused multiply-add). Inputs outside the positive normal range go to `libm`.

/// (1/c, log2 c) for the 64 subranges of z: c is the middle of subrange i, z's bits from
/// `OFF + i·2^17` up to the next one, except c = 1 for the subrange that holds 1 (so log2 is
/// exact there and r = z - 1 has no rounding). 1/c is the nearest `f64`, log2 c = -log2(1/c)
/// to `f64` precision (written by mpmath at 200 bits).
const TABLE: [(f64, f64); 64] = [
    (1.4222222222222223, -0.5081469036703253),
    (1.4065934065934067, -0.49220535980130387),
    (1.391304347826087, -0.4764380439429871),
    (1.3763440860215055, -0.46084118889196873),
    (1.3617021276595744, -0.4454111483223626),
    (1.3473684210526315, -0.4301443916690521),
    (1.3333333333333333, -0.41503749927884376),
    (1.3195876288659794, -0.4000871578128723),
    (1.3061224489795917, -0.38529015588479165),
    (1.292929292929293, -0.3706433799203905),
    (1.28, -0.35614381022527536),
    (1.2673267326732673, -0.3417885172482053),
    (1.2549019607843137, -0.3275746580285044),
    (1.2427184466019416, -0.3134994728167815),
    (1.2307692307692308, -0.29956028185890793),
    (1.2190476190476192, -0.2857544823338775),
    (1.2075471698113207, -0.27207954543680074),
    (1.1962616822429906, -0.25853301359885295),
    (1.1851851851851851, -0.24511249783653138),
    (1.1743119266055047, -0.23181567522307372),
    (1.1636363636363636, -0.21864028647534034),
    (1.1531531531531531, -0.20558413364989403),
    (1.1428571428571428, -0.19264507794239583),
    (1.1327433628318584, -0.17982103758481227),
    (1.1228070175438596, -0.16710998583525824),
    (1.1130434782608696, -0.1545099490556248),
    (1.103448275862069, -0.14201900487242786),
    (1.0940170940170941, -0.1296352804165956),
    (1.0847457627118644, -0.11735695063815874),
    (1.0756302521008403, -0.10518223669205642),
    (1.0666666666666667, -0.09310940439148145),
    (1.0578512396694215, -0.08113676272540553),
    (1.0491803278688525, -0.06926266243711379),
    (1.0406504065040652, -0.05748549466076028),
    (1.032258064516129, -0.045803689613124754),
    (1.024, -0.03421571533791298),
    (1.0158730158730158, -0.02272007650008345),
    (1.0078740157480315, -0.011315313227834127),
    (1.0, 0.0),
    (0.9846153846153847, 0.022367813028454427),
    (0.9696969696969697, 0.044394119358453395),
    (0.9552238805970149, 0.06608919045777246),
    (0.9411764705882353, 0.08746284125033943),
    (0.927536231884058, 0.10852445677816903),
    (0.9142857142857143, 0.1292830169449665),
    (0.9014084507042254, 0.14974711950468203),
    (0.8888888888888888, 0.16992500144231246),
    (0.8767123287671232, 0.1898245588800173),
    (0.8648648648648649, 0.2094533656289497),
    (0.8533333333333334, 0.22881869049588077),
    (0.8421052631578947, 0.24792751344358557),
    (0.8311688311688312, 0.26678654069490126),
    (0.8205128205128205, 0.28540221886224837),
    (0.810126582278481, 0.30378074817710293),
    (0.8, 0.3219280948873623),
    (0.7901234567901234, 0.3398500028846248),
    (0.7804878048780488, 0.3575520046180836),
    (0.7710843373493976, 0.3750394313469247),
    (0.7619047619047619, 0.39231742277876036),
    (0.7529411764705882, 0.4093909361377018),
    (0.7441860465116279, 0.42626475470209796),
    (0.735632183908046, 0.44294349584872833),
    (0.7272727272727273, 0.4594316186372972),
    (0.7191011235955056, 0.4757334309663978),
];

/// The bits of 0.69921875: z's range starts here, so that the subrange around 1 keeps k = 0
/// on both sides of 1 and log2 of x close to 1 suffers no cancellation.
const OFF: u32 = 0x3f33_0000;

/// Taylor coefficients of log2(1 + r) = log2 e · (r - r²/2 + r³/3 - r⁴/4 + …): for |r| < 2^-7
/// the first omitted term is below 2^-30 of the result, far under half an `f32` ULP.
const A1: f64 = std::f64::consts::LOG2_E;
const A2: f64 = -std::f64::consts::LOG2_E / 2.0;
const A3: f64 = std::f64::consts::LOG2_E / 3.0;
const A4: f64 = -std::f64::consts::LOG2_E / 4.0;

/// log2 x for an `f32`, returned in `f64` with a relative error below 2^-29, so that
/// rounding it to `f32` gives the correctly rounded value or, in about one case in two million,
/// the one next to it (0.508 ULP at worst over every positive normal `f32`). Positive normal inputs take the table; zero, negatives, subnormals, infinities and
/// NaN take `libm::log2`.
#[inline]
pub(crate) fn log2(x: f32) -> f64 {
    let ix = x.to_bits();
    // Positive, normal and finite: bits from the smallest normal to below +infinity.
    if ix.wrapping_sub(0x0080_0000) >= 0x7f80_0000 - 0x0080_0000 {
        return libm::log2(f64::from(x));
    }
    let tmp = ix.wrapping_sub(OFF);
    let i = (tmp >> 17) as usize % TABLE.len();
    // k: the exponent of x relative to z's range (arithmetic shift keeps its sign).
    let k = (tmp as i32) >> 23;
    let z = f32::from_bits(ix.wrapping_sub(tmp & 0xff80_0000));
    let (inv_c, log2_c) = TABLE[i];
    let r = f64::from(z) * inv_c - 1.0;
    let r2 = r * r;
    let head = (log2_c + f64::from(k)) + A1 * r;
    head + r2 * ((A2 + A3 * r) + r2 * A4)
}

#[cfg(test)]
mod tests {
    use super::log2;
    use crate::rng::SeedRng;

    /// Distance from `ours` to the exact `value` in units of the last place of `f32` at
    /// `value`.
    fn ulps(ours: f32, exact: f64) -> f64 {
        let rounded = exact as f32;
        let ulp = f64::from(f32::from_bits(rounded.abs().to_bits() + 1) - rounded.abs());
        (f64::from(ours) - exact).abs() / ulp
    }

    /// The largest error, in `f32` ULPs, of log2 rounded to `f32` over `inputs`, against
    /// `libm::log2` in `f64` (correct to about 2^-52, exact for this purpose), and the count of
    /// results that are not the correctly rounded `f32`.
    fn worst(inputs: impl Iterator<Item = f32>) -> (f64, usize) {
        let (mut worst, mut not_nearest) = (0.0f64, 0);
        for x in inputs {
            let ours = log2(x) as f32;
            let exact = libm::log2(f64::from(x));
            if exact != 0.0 {
                worst = worst.max(ulps(ours, exact));
            } else {
                assert_eq!(ours, 0.0);
            }
            not_nearest += usize::from(ours != exact as f32);
        }
        (worst, not_nearest)
    }

    #[test]
    fn random_positive_normals_nearly_correctly_rounded() {
        let mut rng = SeedRng::new(2);
        // Uniform over the bit patterns of positive normal floats, so every binade counts.
        let inputs =
            (0..1 << 21).map(|_| f32::from_bits(0x0080_0000 + rng.below(0x7f00_0000) as u32));
        let (ulps, not_nearest) = worst(inputs);
        assert!(ulps < 0.51, "{ulps} ULP");
        // About one in two million is one ULP off (932 of all 2^31 positive normals).
        assert!(
            not_nearest < 20,
            "{not_nearest} of 2^21 results not nearest"
        );
    }

    #[test]
    fn fsrs_range_nearly_correctly_rounded() {
        // Stabilities from 0.001 days to 10^7 (S + t·factor), difficulties 1–10: every 97th
        // float of that range (2.9 million).
        let (lo, hi) = (0.001f32.to_bits(), 1.0e7f32.to_bits());
        let (ulps, _) = worst((lo..hi).step_by(97).map(f32::from_bits));
        assert!(ulps < 0.51, "{ulps} ULP");
    }

    #[test]
    fn near_one_every_float() {
        let one = 1.0f32.to_bits();
        let (ulps, _) = worst((one - (1 << 17)..one + (1 << 17)).map(f32::from_bits));
        assert!(ulps < 0.51, "{ulps} ULP");
        assert_eq!(log2(1.0), 0.0);
    }

    /// Every positive normal `f32` (2^31 - 2^24 of them): with `--release`, about a minute.
    #[test]
    #[ignore = "exhaustive; run with cargo test --release -- --ignored"]
    fn every_positive_normal_nearly_correctly_rounded() {
        let normals = (f32::MIN_POSITIVE.to_bits()..f32::INFINITY.to_bits()).map(f32::from_bits);
        let (ulps, not_nearest) = worst(normals);
        eprintln!("{ulps} ULP at worst, {not_nearest} results not nearest");
        assert!(ulps < 0.51, "{ulps} ULP");
    }

    #[test]
    fn powers_of_two_are_exact() {
        for k in -126..128 {
            assert_eq!(log2(libm::ldexpf(1.0, k)), f64::from(k), "2^{k}");
        }
    }

    #[test]
    fn outside_the_normal_range_as_libm() {
        for x in [
            0.0,
            -0.0,
            -1.0,
            f32::MIN_POSITIVE / 2.0,
            f32::from_bits(1),
            f32::INFINITY,
            f32::NAN,
        ] {
            assert_eq!(log2(x).to_bits(), libm::log2(f64::from(x)).to_bits(), "{x}");
        }
        assert_eq!(log2(f32::MIN_POSITIVE), -126.0);
        assert_eq!(log2(f32::MAX), libm::log2(f64::from(f32::MAX)));
    }
}
