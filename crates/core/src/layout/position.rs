//! Position: columns left to right by rank, each as wide as its widest node; within a column vertices are
//! stacked in order, dummies taking a thin slot of their own.
//! Pre: layers in final order. Post: a rectangle per vertex (dummies get the column's width).

use super::normalize::Layered;
use super::{LayoutGraph, Rect, Spacing};

pub struct Placed {
    pub rects: Vec<Rect>,
    pub rank_x: Vec<f64>,
    pub rank_w: Vec<f64>,
    pub width: f64,
    pub height: f64,
}

pub fn run(g: &LayoutGraph, l: &Layered, orders: &[Vec<usize>], s: Spacing) -> Placed {
    let n = g.nodes.len();
    let nv = l.vertex_rank.len();
    let mut rects = vec![Rect { x: 0.0, y: 0.0, width: 0.0, height: 0.0 }; nv];
    let mut rank_x = Vec::with_capacity(orders.len());
    let mut rank_w = Vec::with_capacity(orders.len());
    let mut x = 0.0;
    let mut height: f64 = 0.0;
    for layer in orders {
        let col_w = layer.iter().filter(|&&v| v < n).map(|&v| g.nodes[v].width).fold(0.0, f64::max).max(s.node_gap);
        rank_x.push(x);
        rank_w.push(col_w);
        let mut y = 0.0;
        for &v in layer {
            let (w, h) = if v < n { (g.nodes[v].width, g.nodes[v].height) } else { (col_w, s.dummy_height) };
            rects[v] = Rect { x, y, width: w, height: h };
            y += h + s.node_gap;
        }
        height = height.max(y - s.node_gap);
        x += col_w + s.rank_gap;
    }
    // A dummy's rect is a horizontal lane: its y is the lane's centre line.
    for r in rects.iter_mut().skip(n) {
        r.y += s.dummy_height / 2.0;
    }
    Placed { rects, rank_x, rank_w, width: (x - s.rank_gap).max(0.0), height: height.max(0.0) }
}
