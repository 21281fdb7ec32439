//! The constants of the clock discipline, in presets, because sources
//! disagree about them:
//!
//! | preset    | step     | stepout | panic   | steps allowed            | truechimers |
//! |-----------|----------|---------|---------|--------------------------|-------------|
//! | `rfc5905` | 0.125 s  | 900 s   | 1000 s  | any time, after stepout  | midpoint    |
//! | `ntpd`    | 0.128 s  | 300 s   | 1000 s  | any time, after stepout  | overlap     |
//! | `chrony`  | 0.1 s    | none    | none    | only in the first three updates (`makestep 0.1 3`) | overlap |
//!
//! RFC 5905's main text gives STEPT 125 ms, WATCH 900 s and PANICT 1000 s
//! (§11.3, Figure 27); ntpd 4.2.8 ships CLOCK_MAX 0.128 s, a stepout of
//! 300 s (CLOCK_MINSTEP) and a panic threshold of 1000 s; chrony's usual
//! `makestep 0.1 3` steps only when off by more than 0.1 s and only in the
//! first three clock updates, slewing everything else, and has no panic
//! threshold unless `maxchange` is set. Selection's test of a truechimer
//! differs too: the RFC's text counts midpoints, ntpd (and chrony, whose
//! test is alike) only asks that the interval overlap the intersection
//! ([`super::select`]). All three let a single truechimer set the clock
//! (RFC 5905's CMIN of 1; `min_truechimers` raises it, as ntpd's
//! `tos minsane` does). Every preset slews at most 500 ppm
//! (the kernel's adjtime rate and ntpd's NTP_MAXFREQ; chrony's own
//! `maxslewrate` is far higher, but here the three differ only in when they
//! step), and polls between 2^4 = 16 s (RFC 5905's MINPOLL) and 2^10 =
//! 1024 s, so one run can switch presets without changing its `poll`.
//!
//! In a scenario, `"constants"` is a preset's name or an object of
//! explicit constants, optionally starting from a preset:
//! `{"preset": "ntpd", "stepout": 600}`.

use super::read::Obj;
use serde_json::{json, Value};

/// The largest slew rate any setting may ask for, in ppm (RFC 5905 §11.3:
/// slew at no more than 500 ppm).
pub const MAX_SLEW_PPM: f64 = 500.0;

/// Which candidates selection counts as truechimers (see
/// [`super::select`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Truechimers {
    /// RFC 5905 §11.2.1 as written: the midpoint lies in the intersection,
    /// and no more midpoints lie outside than falsetickers are allowed.
    Midpoint,
    /// ntpd 4.2.8 (and chrony's like test): the interval overlaps the
    /// intersection.
    Overlap,
}

impl Truechimers {
    /// Its name in scenarios.
    pub fn name(self) -> &'static str {
        match self {
            Truechimers::Midpoint => "midpoint",
            Truechimers::Overlap => "overlap",
        }
    }
}

/// The discipline's constants.
#[derive(Clone, Debug, PartialEq)]
pub struct Constants {
    /// The preset they start from.
    pub preset: &'static str,
    /// Whether the scenario changed any of the preset's values.
    pub changed: bool,
    /// Step threshold in seconds: a larger |θ| may be stepped (0: never step).
    pub step: f64,
    /// Stepout in seconds: how long |θ| must have stayed above the step
    /// threshold, since the last update used, before a step.
    pub stepout: f64,
    /// Panic threshold in seconds: a larger |θ| is refused (0: none).
    pub panic: f64,
    /// Steps are allowed only in the first this many updates (chrony's
    /// `makestep` limit); none: at any time.
    pub step_updates: Option<u64>,
    /// The fastest slew, in ppm.
    pub max_slew_ppm: f64,
    /// The shortest poll interval, as a power of two seconds.
    pub minpoll: u32,
    /// The longest poll interval, as a power of two seconds.
    pub maxpoll: u32,
    /// Selection's test of a truechimer.
    pub truechimers: Truechimers,
    /// The fewest truechimers that may discipline the clock (RFC 5905's
    /// CMIN, 1 "for historic reasons"; ntpd's `tos minsane`).
    pub min_truechimers: u64,
}

/// The preset names, for messages.
pub const PRESETS: [&str; 3] = ["rfc5905", "ntpd", "chrony"];

impl Constants {
    /// The preset called `name`.
    pub fn preset(name: &str) -> Option<Constants> {
        let base = Constants {
            preset: "rfc5905",
            changed: false,
            step: 0.125,
            stepout: 900.0,
            panic: 1000.0,
            step_updates: None,
            max_slew_ppm: MAX_SLEW_PPM,
            minpoll: 4,
            maxpoll: 10,
            truechimers: Truechimers::Midpoint,
            min_truechimers: rfc::CMIN,
        };
        let overlap = Truechimers::Overlap;
        match name {
            "rfc5905" => Some(base),
            "ntpd" => {
                Some(Constants { preset: "ntpd", step: 0.128, stepout: 300.0, truechimers: overlap, ..base })
            }
            "chrony" => Some(Constants {
                preset: "chrony",
                step: 0.1,
                stepout: 0.0,
                panic: 0.0,
                step_updates: Some(3),
                truechimers: overlap,
                ..base
            }),
            _ => None,
        }
    }

    /// Reads `"constants"`: a preset's name or an object (default rfc5905).
    pub(crate) fn read(value: Option<&Value>) -> Result<Constants, String> {
        match value {
            None => Ok(Constants::preset("rfc5905").expect("a preset")),
            Some(Value::String(name)) => Constants::named(name),
            Some(other) => Constants::explicit(other),
        }
    }

    fn named(name: &str) -> Result<Constants, String> {
        Constants::preset(name).ok_or_else(|| {
            let hint = crate::core::known_fields::did_you_mean(name, &PRESETS);
            format!("\"constants\": no preset is called \"{name}\"{hint} (presets are rfc5905, ntpd, chrony)")
        })
    }

    fn explicit(value: &Value) -> Result<Constants, String> {
        const KEYS: [&str; 10] = [
            "preset",
            "step",
            "stepout",
            "panic",
            "step_updates",
            "max_slew_ppm",
            "minpoll",
            "maxpoll",
            "truechimers",
            "min_truechimers",
        ];
        let o = Obj::new(value, "constants", &KEYS)?;
        let base = Constants::named(o.string("preset")?.unwrap_or("rfc5905"))?;
        let c = Constants {
            preset: base.preset,
            changed: KEYS[1..].iter().any(|k| o.get(k).is_some()),
            step: o.within("step", base.step, (0.0, 1e6))?,
            stepout: o.within("stepout", base.stepout, (0.0, 1e6))?,
            panic: o.within("panic", base.panic, (0.0, 1e9))?,
            step_updates: match o.get("step_updates") {
                None => base.step_updates,
                Some(Value::Null) => None,
                Some(_) => Some(o.whole("step_updates", 0, (1, 1_000_000))?),
            },
            max_slew_ppm: o.within("max_slew_ppm", base.max_slew_ppm, (1e-3, MAX_SLEW_PPM))?,
            minpoll: o.whole("minpoll", base.minpoll.into(), (0, 17))? as u32,
            maxpoll: o.whole("maxpoll", base.maxpoll.into(), (0, 17))? as u32,
            truechimers: match o.string("truechimers")? {
                None => base.truechimers,
                Some("midpoint") => Truechimers::Midpoint,
                Some("overlap") => Truechimers::Overlap,
                Some(other) => {
                    return Err(o.err(
                        "truechimers",
                        &format!("is \"{other}\"; it is \"midpoint\" (RFC 5905) or \"overlap\" (ntpd)"),
                    ))
                }
            },
            min_truechimers: o.whole("min_truechimers", base.min_truechimers, (1, 64))?,
        };
        if c.minpoll > c.maxpoll {
            return Err(format!("constants: \"minpoll\" {} is above \"maxpoll\" {}", c.minpoll, c.maxpoll));
        }
        Ok(c)
    }

    /// The slowest and fastest poll intervals, in seconds.
    pub fn poll_range(&self) -> (f64, f64) {
        (f64::from(1u32 << self.minpoll), f64::from(1u32 << self.maxpoll))
    }

    /// The constants as the report shows them (the panel's table).
    pub fn to_json(&self) -> Value {
        json!({
            "preset": self.preset, "changed": self.changed,
            "step": self.step, "stepout": self.stepout, "panic": self.panic,
            "step_updates": self.step_updates, "max_slew_ppm": self.max_slew_ppm,
            "minpoll": self.minpoll, "maxpoll": self.maxpoll, "truechimers": self.truechimers.name(),
            "min_truechimers": self.min_truechimers,
        })
    }
}

/// RFC 5905's fixed parameters (Figure 6, §11.2, §11.3 Figure 27), the
/// same in every preset.
pub mod rfc {
    /// Frequency tolerance PHI: dispersion grows at 15 ppm (s/s).
    pub const PHI: f64 = 15e-6;
    /// Maximum dispersion, s: an empty filter stage.
    pub const MAXDISP: f64 = 16.0;
    /// Minimum dispersion increment, s.
    pub const MINDISP: f64 = 0.005;
    /// Distance threshold, s: a server farther is unfit.
    pub const MAXDIST: f64 = 1.0;
    /// Stratum 16: unsynchronised.
    pub const MAXSTRAT: u32 = 16;
    /// Clock filter stages.
    pub const NSTAGE: usize = 8;
    /// Minimum survivors of the cluster algorithm.
    pub const NMIN: usize = 3;
    /// Minimum truechimers to discipline the clock (the presets' value of
    /// `min_truechimers`).
    pub const CMIN: u64 = 1;
    /// System precision (rho), s: 2^-20, about a microsecond.
    pub const PRECISION: f64 = 1.0 / 1_048_576.0;
    /// Poll hysteresis gate: an offset beyond this many jitters counts against a longer poll.
    pub const PGATE: f64 = 4.0;
    /// Poll hysteresis limit.
    pub const LIMIT: i32 = 30;
    /// Averaging constant of the clock jitter.
    pub const AVG: f64 = 8.0;
}
