//! Each replica's log drawn beside its line, at the end of the lines (or at
//! the edge of the view): one cell per entry in op order, committed
//! entries filled, uncommitted ones outlined with a dashed edge, so the
//! commit-number is where the filling stops. The log is the one at a
//! chosen point of the run (the playhead, the selected event, the end),
//! so stepping through a run shows each log grow, be replaced in a view
//! change and be lost in a crash.

use super::geometry::{Point, Rect};
use super::metrics::{self, Style};
use crate::core::layout::{Layout, Orientation};
use crate::core::trace::ProcessIdx;

/// The most cells a row draws; a longer log shows its first entries as one
/// "…k" cell and the last ones whole.
pub const CELLS: usize = 5;
/// A cell's width and height, in label heights and widths.
const CELL_CHARS: usize = 4;

/// A process's log at the chosen point.
#[derive(Clone, Debug, PartialEq)]
pub struct LineLog {
    /// The process.
    pub process: ProcessIdx,
    /// Its stamp there (a viewstamp).
    pub stamp: String,
    /// Its entries, as drawn ("x=1").
    pub entries: Vec<String>,
    /// How many, from the first, are committed.
    pub committed: usize,
    /// Down there: its volatile state, log and all, is lost.
    pub down: bool,
}

/// One entry's cell.
#[derive(Clone, Debug, PartialEq)]
pub struct Cell {
    /// Where.
    pub rect: Rect,
    /// What it says.
    pub text: String,
    /// Its op-number (from 1).
    pub op: usize,
    /// Committed.
    pub committed: bool,
}

/// One process's row of cells.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    /// The process.
    pub process: ProcessIdx,
    /// Its cells, in op order.
    pub cells: Vec<Cell>,
    /// The cell standing for entries 1 to k not drawn, and k.
    pub elided: Option<(Rect, usize)>,
    /// A word in place of the cells ("empty", "down: log lost").
    pub note: Option<(Point, String)>,
}

/// The column: its background, its title, and a row per line.
#[derive(Clone, Debug, PartialEq)]
pub struct Column {
    /// The background, over the lines it covers.
    pub rect: Rect,
    /// The title's start, e.g. "logs at the end".
    pub title: (Point, String),
    /// The rows.
    pub rows: Vec<Row>,
}

/// A cell's size along and across the time axis.
fn cell(style: &Style) -> (f32, f32) {
    (CELL_CHARS as f32 * metrics::advance('0') * style.label + 8.0, style.line() + 6.0)
}

/// The room the column takes along the time axis: [`CELLS`] cells, the
/// stamp's width in front and a margin either side.
pub fn room(style: &Style, orientation: Orientation) -> f32 {
    let (w, h) = cell(style);
    match orientation {
        Orientation::Horizontal => CELLS as f32 * (w + 3.0) + 24.0,
        Orientation::Vertical => CELLS as f32 * (h + 3.0) + 2.0 * style.line() + 24.0,
    }
}

/// The column of `logs` in `layout`, starting `along` px down the time
/// axis, titled `title`.
pub fn column(logs: &[LineLog], layout: &Layout, style: &Style, along: f32, title: String) -> Column {
    let (w, h) = cell(style);
    let horizontal = layout.orientation == Orientation::Horizontal;
    let pitch = if horizontal { w + 3.0 } else { h + 3.0 };
    let at = |a: f32, across: f32| if horizontal { (a, across) } else { (across, a) };
    // The first cell's centre: past the margin, and in a vertical column
    // past the title above it.
    let first = if horizontal { along + 12.0 + w / 2.0 } else { along + 12.0 + style.line() + h / 2.0 };
    let rows = logs
        .iter()
        .filter_map(|log| {
            let lane = layout.lane(log.process)?;
            Some(row(log, |k| at(first + k as f32 * pitch, lane), (w, h)))
        })
        .collect();
    let across = layout.lanes.iter().flatten().copied();
    let (lo, hi) = across.fold((f32::MAX, f32::MIN), |(lo, hi), l| (lo.min(l), hi.max(l)));
    let (lo, hi) = if lo <= hi { (lo, hi) } else { (0.0, 0.0) };
    let reach = room(style, layout.orientation) - 8.0;
    let margin = layout.spacing().margin;
    let rect = Rect::new(at(along, lo - margin * 0.8), at(along + reach, hi + margin * 0.8));
    let title_at = if horizontal { (along + 12.0, lo - margin * 0.6) } else { (lo - w / 2.0, along + 12.0) };
    Column { rect, title: (title_at, title), rows }
}

/// `log`'s row, its k-th cell centred at `centre(k)`.
fn row(log: &LineLog, centre: impl Fn(usize) -> Point, (w, h): (f32, f32)) -> Row {
    let boxed = |k: usize| {
        let c = centre(k);
        Rect::new((c.0 - w / 2.0, c.1 - h / 2.0), (c.0 + w / 2.0, c.1 + h / 2.0))
    };
    let mut r = Row { process: log.process, cells: Vec::new(), elided: None, note: None };
    let word = if log.down {
        Some("down: log lost")
    } else if log.entries.is_empty() {
        Some("empty")
    } else {
        None
    };
    if let Some(word) = word {
        let c = centre(0);
        r.note = Some(((c.0 - w / 2.0, c.1), word.to_string()));
        return r;
    }
    let n = log.entries.len();
    let (skip, from) = if n > CELLS { (n - (CELLS - 1), 1) } else { (0, 0) };
    if skip > 0 {
        r.elided = Some((boxed(0), skip));
    }
    for (k, (i, text)) in log.entries.iter().enumerate().skip(skip).enumerate() {
        r.cells.push(Cell {
            rect: boxed(from + k),
            text: text.clone(),
            op: i + 1,
            committed: i < log.committed,
        });
    }
    r
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::diagram::axis::Axis;
    use crate::core::formats::parse_trace;
    use crate::core::layout::{layout_with, Spacing};

    fn layout(orientation: Orientation) -> Layout {
        let trace = parse_trace(r#"{"processes": ["R1", "R2"], "events": []}"#).unwrap();
        let spacing = Spacing { margin: 50.0, names: 60.0, time: 40.0, lane: 100.0 };
        layout_with(&trace, &[], &spacing, orientation, &[0, 1], Axis::linear(), 10.0)
    }

    fn log(process: ProcessIdx, n: usize, committed: usize) -> LineLog {
        let entries = (1..=n).map(|i| format!("x={i}")).collect();
        LineLog { process, stamp: format!("⟨0,{n}⟩"), entries, committed, down: false }
    }

    #[test]
    fn committed_cells_are_the_first_commit_number_entries() {
        let c = column(&[log(0, 3, 2)], &layout(Orientation::Horizontal), &Style::NORMAL, 500.0, "t".into());
        let cells = &c.rows[0].cells;
        assert_eq!(
            cells.iter().map(|c| (c.op, c.committed)).collect::<Vec<_>>(),
            [(1, true), (2, true), (3, false)]
        );
        assert_eq!(cells[2].text, "x=3");
        // In op order along the axis, on the line, inside the background.
        assert!(cells.windows(2).all(|p| p[0].rect.x1 < p[1].rect.x0));
        assert!(cells.iter().all(|c| c.rect.y0 < 50.0 && c.rect.y1 > 50.0));
        assert!(cells.iter().all(|cell| c.rect.x0 <= cell.rect.x0 && cell.rect.x1 <= c.rect.x1));
    }

    #[test]
    fn a_long_log_elides_its_first_entries_and_keeps_the_last() {
        let c =
            column(&[log(1, 20, 18)], &layout(Orientation::Horizontal), &Style::NORMAL, 500.0, "t".into());
        let r = &c.rows[0];
        assert_eq!(r.elided.map(|e| e.1), Some(20 - (CELLS - 1)));
        let ops: Vec<usize> = r.cells.iter().map(|c| c.op).collect();
        assert_eq!(ops, (20 - CELLS + 2..=20).collect::<Vec<_>>());
        assert_eq!(r.cells.iter().filter(|c| !c.committed).count(), 2);
        assert_eq!(r.cells.len() + 1, CELLS, "the elided cell takes the first place");
    }

    #[test]
    fn a_down_or_empty_log_says_so_and_vertical_rows_run_down() {
        let mut down = log(0, 3, 1);
        down.down = true;
        let rows =
            column(&[down, log(1, 0, 0)], &layout(Orientation::Horizontal), &Style::NORMAL, 0.0, "t".into())
                .rows;
        assert_eq!(rows[0].note.as_ref().map(|n| n.1.as_str()), Some("down: log lost"));
        assert!(rows[0].cells.is_empty());
        assert_eq!(rows[1].note.as_ref().map(|n| n.1.as_str()), Some("empty"));
        let v = column(&[log(0, 3, 3)], &layout(Orientation::Vertical), &Style::NORMAL, 500.0, "t".into());
        let cells = &v.rows[0].cells;
        assert!(cells.windows(2).all(|p| p[0].rect.y1 < p[1].rect.y0), "time runs down");
        assert!(cells.iter().all(|c| c.rect.x0 < 50.0 && c.rect.x1 > 50.0));
    }
}
