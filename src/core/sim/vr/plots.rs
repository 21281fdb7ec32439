//! The replication lab's plots, from a sweep's rows ([`super::measure`]),
//! VR's or PBFT's: latency against throughput as the offered load rises,
//! batching off and on (a curve only for the settings the sweep ran: PBFT
//! has batching off only); messages per operation against the number of
//! replicas; and
//! availability, in nines, against the number of replicas, measured next
//! to the closed form for independent failures.

use super::measure::{Load, Row};
use crate::core::chart::{Marker, Plot, Series};

/// Latency (mean time to the reply) against throughput, one curve for
/// batching off and one for on, at `replicas` replicas: each point one
/// offered load, in the order of the loads.
pub fn latency(rows: &[Row], replicas: usize) -> Plot {
    let curve = |batching: bool| {
        let at = |l: &Load| l.replicas == replicas && l.batching == batching;
        batching_series(rows, batching, at, |l| Some((l.throughput?, l.latency?)))
    };
    Plot {
        id: "vr-plot-latency".into(),
        title: format!("Latency against throughput, {replicas} replicas"),
        x_label: "throughput (requests per time unit)".into(),
        y_label: "mean latency".into(),
        series: ran(vec![curve(false), curve(true)]),
        x_at: None,
    }
}

/// Messages per answered request against the number of replicas, at the
/// highest offered load, batching off and on.
pub fn messages(rows: &[Row]) -> Plot {
    let top = rows.iter().map(|r| r.load.load).fold(f64::MIN, f64::max);
    let curve = |batching: bool| {
        let at = |l: &Load| l.batching == batching && l.load == top;
        batching_series(rows, batching, at, |l| Some((l.replicas as f64, l.messages_per_op?)))
    };
    Plot {
        id: "vr-plot-messages".into(),
        title: format!("Messages per request, at load {}", crate::core::chart::short(top)),
        x_label: "replicas".into(),
        y_label: "messages per request".into(),
        series: ran(vec![curve(false), curve(true)]),
        x_at: Some(replica_counts(rows)),
    }
}

/// Availability in nines against the number of replicas: measured over
/// the random crash/repair runs, and the closed form for a quorum of
/// f + 1 of independent replicas.
pub fn availability(rows: &[Row]) -> Plot {
    let mut by_count: Vec<&Row> = Vec::new();
    for r in rows {
        if !by_count.iter().any(|b| b.load.replicas == r.load.replicas) {
            by_count.push(r);
        }
    }
    let measured = by_count.iter().map(|r| (r.load.replicas as f64, r.nines())).collect();
    let closed = by_count.iter().map(|r| (r.load.replicas as f64, r.closed_nines())).collect();
    Plot {
        id: "vr-plot-availability".into(),
        title: "Availability".into(),
        x_label: "replicas".into(),
        y_label: "nines".into(),
        series: vec![
            Series { name: "measured".into(), points: measured, marker: Marker::Circle, dashed: false },
            Series {
                name: "closed form, independent failures".into(),
                points: closed,
                marker: Marker::Triangle,
                dashed: true,
            },
        ],
        x_at: Some(replica_counts(rows)),
    }
}

/// The series of the load runs `at` admits, batching off (solid, dots) or
/// on (dashed, squares), each giving its point by `point`.
fn batching_series(
    rows: &[Row],
    batching: bool,
    at: impl Fn(&Load) -> bool,
    point: impl Fn(&Load) -> Option<(f64, f64)>,
) -> Series {
    let points = rows.iter().map(|r| &r.load).filter(|l| at(l)).filter_map(point).collect();
    let (name, marker) =
        if batching { ("batching on", Marker::Square) } else { ("batching off", Marker::Circle) };
    Series { name: name.into(), points, marker, dashed: batching }
}

/// The series with points: a setting the sweep did not run gets no curve
/// and no entry in the key.
fn ran(series: Vec<Series>) -> Vec<Series> {
    series.into_iter().filter(|s| !s.points.is_empty()).collect()
}

/// The replica counts of the sweep, in order.
fn replica_counts(rows: &[Row]) -> Vec<f64> {
    let mut counts: Vec<f64> = rows.iter().map(|r| r.load.replicas as f64).collect();
    counts.sort_by(f64::total_cmp);
    counts.dedup();
    counts
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(replicas: usize, batching: bool, load: f64, latency: f64, availability: f64) -> Row {
        let l = Load {
            replicas,
            batching,
            load,
            answered: 10,
            latency: Some(latency),
            p50: None,
            p99: None,
            throughput: Some(load * 0.9),
            messages_per_op: Some(if batching { 2.0 } else { 2.0 * replicas as f64 }),
        };
        Row { load: l, availability, spread: 0.0, closed_form: 0.999 }
    }

    fn rows() -> Vec<Row> {
        let mut rows = Vec::new();
        for n in [3, 5] {
            for batching in [false, true] {
                for (load, latency) in [(1.0, 4.0), (4.0, 9.0)] {
                    rows.push(row(n, batching, load, latency + n as f64, if n == 3 { 0.9 } else { 0.99 }));
                }
            }
        }
        rows
    }

    #[test]
    fn each_plot_reads_its_own_rows() {
        let rows = rows();
        let l = latency(&rows, 5);
        assert_eq!(l.series[0].name, "batching off");
        assert_eq!(l.series[0].points, [(0.9, 9.0), (3.6, 14.0)], "throughput, latency at 5 replicas");
        assert!(l.series[1].dashed && !l.series[0].dashed);
        let m = messages(&rows);
        assert_eq!(m.series[0].points, [(3.0, 6.0), (5.0, 10.0)], "at the top load, batching off");
        assert_eq!(m.series[1].points, [(3.0, 2.0), (5.0, 2.0)]);
        assert_eq!(m.x_at, Some(vec![3.0, 5.0]));
        let a = availability(&rows);
        let nines: Vec<f64> = a.series[0].points.iter().map(|p| (p.1 * 100.0).round() / 100.0).collect();
        assert_eq!(nines, [1.0, 2.0], "0.9 is one nine, 0.99 two");
        assert_eq!(a.series[1].points.len(), 2);
    }

    #[test]
    fn a_sweep_without_batching_has_one_curve() {
        let rows: Vec<Row> = rows().into_iter().filter(|r| !r.load.batching).collect();
        assert_eq!(latency(&rows, 3).series.len(), 1);
        let m = messages(&rows);
        assert_eq!(m.series.len(), 1);
        assert_eq!(m.series[0].name, "batching off");
    }
}
