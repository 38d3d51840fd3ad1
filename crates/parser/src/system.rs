//! The arc-hybrid transition system (Kuhlmann, Gómez-Rodríguez and Satta 2011) with the root
//! at the end of the buffer (Ballesteros and Nivre 2013), and its dynamic oracle (Goldberg and
//! Nivre 2013).
//!
//! Words are numbered `1..=n`; the artificial root is `n + 1` so that the buffer is always the
//! contiguous range `b0..=n+1`. Index 0 means "no word" in every per-word array. A sentence
//! takes exactly `2n` transitions: `n` shifts and `n` reductions, so parsing is linear.
//!
//! Transitions are numbered as classes of the classifier: 0 = SHIFT, `1 + 2l` = LEFT with
//! label `l` (the head is `b0`, `s0` is popped), `2 + 2l` = RIGHT with label `l` (the head
//! is `s1`, `s0` is popped). The root label may only be used by LEFT onto the root, and LEFT
//! onto the root is only allowed when `s0` is the last word on the stack, so every output is a
//! tree with exactly one word attached to the root.

/// SHIFT's class id.
pub const SHIFT: usize = 0;

/// Kind of a transition.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Move {
    Shift,
    Left(usize),
    Right(usize),
}

/// Decodes a class id.
pub fn decode(class: usize) -> Move {
    if class == SHIFT {
        Move::Shift
    } else if class % 2 == 1 {
        Move::Left((class - 1) / 2)
    } else {
        Move::Right((class - 2) / 2)
    }
}

/// Number of classes for `n_labels` labels.
pub fn n_classes(n_labels: usize) -> usize {
    1 + 2 * n_labels
}

/// A parser configuration plus the partial tree and the child summaries features need.
#[derive(Debug, Clone)]
pub struct State {
    /// Number of words.
    pub n: usize,
    pub stack: Vec<u32>,
    /// Front of the buffer, `1..=n+1`.
    pub b0: usize,
    /// Head of each word (`n+1` = root, 0 = not yet attached), indexed `0..=n+1`.
    pub heads: Vec<u32>,
    /// Label id of each attached word.
    pub labels: Vec<u8>,
    /// Leftmost and second leftmost dependent, rightmost and second rightmost (0 = none).
    pub lc1: Vec<u32>,
    pub lc2: Vec<u32>,
    pub rc1: Vec<u32>,
    pub rc2: Vec<u32>,
    /// Number of left and right dependents.
    pub n_left: Vec<u16>,
    pub n_right: Vec<u16>,
    /// Sets of labels of left and right dependents (bit `l % 64`).
    pub left_labels: Vec<u64>,
    pub right_labels: Vec<u64>,
}

fn at<T: Copy + Default>(v: &[T], i: usize) -> T {
    v.get(i).copied().unwrap_or_default()
}

impl State {
    pub fn new(n: usize) -> State {
        let m = n + 2;
        State {
            n,
            stack: Vec::with_capacity(n.min(1 << 16)),
            b0: 1,
            heads: vec![0; m],
            labels: vec![0; m],
            lc1: vec![0; m],
            lc2: vec![0; m],
            rc1: vec![0; m],
            rc2: vec![0; m],
            n_left: vec![0; m],
            n_right: vec![0; m],
            left_labels: vec![0; m],
            right_labels: vec![0; m],
        }
    }

    /// The artificial root's index.
    pub fn root(&self) -> usize {
        self.n + 1
    }

    /// The `i`-th stack element from the top (0 = top), or 0.
    pub fn s(&self, i: usize) -> usize {
        let len = self.stack.len();
        if i < len {
            self.stack.get(len - 1 - i).map_or(0, |&x| x as usize)
        } else {
            0
        }
    }

    pub fn is_terminal(&self) -> bool {
        self.stack.is_empty() && self.b0 > self.n
    }

    /// Whether `class` may be applied; `root_label` is the id of the root label.
    pub fn is_legal(&self, class: usize, root_label: usize) -> bool {
        match decode(class) {
            Move::Shift => self.b0 <= self.n,
            Move::Left(l) => {
                if self.stack.is_empty() {
                    false
                } else if self.b0 > self.n {
                    self.stack.len() == 1 && l == root_label
                } else {
                    l != root_label
                }
            }
            Move::Right(l) => self.stack.len() >= 2 && l != root_label,
        }
    }

    /// Applies a transition; illegal ones are ignored (callers check legality first).
    pub fn apply(&mut self, class: usize) {
        match decode(class) {
            Move::Shift => {
                if self.b0 <= self.n {
                    self.stack.push(self.b0 as u32);
                    self.b0 += 1;
                }
            }
            Move::Left(l) => {
                if let Some(d) = self.stack.pop() {
                    self.attach(self.b0, d as usize, l);
                }
            }
            Move::Right(l) => {
                if self.stack.len() >= 2 {
                    if let Some(d) = self.stack.pop() {
                        let h = self.s(0);
                        self.attach(h, d as usize, l);
                    }
                }
            }
        }
    }

    fn attach(&mut self, h: usize, d: usize, label: usize) {
        if let Some(x) = self.heads.get_mut(d) {
            *x = h as u32;
        }
        if let Some(x) = self.labels.get_mut(d) {
            *x = label.min(255) as u8;
        }
        let bit = 1u64 << (label % 64);
        if d < h {
            // Left dependents arrive right to left in arc-hybrid, but keep the general rule.
            let (c1, c2) = (at(&self.lc1, h) as usize, at(&self.lc2, h) as usize);
            if c1 == 0 || d < c1 {
                set(&mut self.lc2, h, c1 as u32);
                set(&mut self.lc1, h, d as u32);
            } else if c2 == 0 || d < c2 {
                set(&mut self.lc2, h, d as u32);
            }
            if let Some(x) = self.n_left.get_mut(h) {
                *x = x.saturating_add(1);
            }
            if let Some(x) = self.left_labels.get_mut(h) {
                *x |= bit;
            }
        } else {
            let (c1, c2) = (at(&self.rc1, h) as usize, at(&self.rc2, h) as usize);
            if c1 == 0 || d > c1 {
                set(&mut self.rc2, h, c1 as u32);
                set(&mut self.rc1, h, d as u32);
            } else if c2 == 0 || d > c2 {
                set(&mut self.rc2, h, d as u32);
            }
            if let Some(x) = self.n_right.get_mut(h) {
                *x = x.saturating_add(1);
            }
            if let Some(x) = self.right_labels.get_mut(h) {
                *x |= bit;
            }
        }
    }
}

fn set(v: &mut [u32], i: usize, x: u32) {
    if let Some(slot) = v.get_mut(i) {
        *slot = x;
    }
}

/// The gold tree of one training sentence, in the system's numbering (root = `n+1`).
#[derive(Debug, Clone)]
pub struct Gold {
    /// Head of each word, indexed `0..=n` (entry 0 unused).
    pub heads: Vec<u32>,
    pub labels: Vec<u8>,
    /// Dependents of each word and of the root, sorted.
    pub children: Vec<Vec<u32>>,
}

impl Gold {
    /// `heads` and `labels` are per word (0-based words), heads in CoNLL-U numbering
    /// (0 = root, else 1-based). Out-of-range heads are treated as the root.
    pub fn new(heads: &[usize], labels: &[u8]) -> Gold {
        let n = heads.len();
        let mut h = vec![0u32; n + 1];
        let mut l = vec![0u8; n + 1];
        let mut children = vec![Vec::new(); n + 2];
        for (i, (&hd, &lb)) in heads.iter().zip(labels).enumerate() {
            let hd = if hd == 0 || hd > n { n + 1 } else { hd };
            set(&mut h, i + 1, hd as u32);
            if let Some(x) = l.get_mut(i + 1) {
                *x = lb;
            }
            if let Some(c) = children.get_mut(hd) {
                c.push((i + 1) as u32);
            }
        }
        Gold {
            heads: h,
            labels: l,
            children,
        }
    }

    fn head(&self, d: usize) -> usize {
        at(&self.heads, d) as usize
    }

    fn label(&self, d: usize) -> usize {
        usize::from(at(&self.labels, d))
    }
}

/// Unlabelled costs of SHIFT, LEFT and RIGHT in `state` (`None` when illegal): the number of
/// gold arcs that the transition makes unreachable (exact for projective gold trees).
pub fn costs(state: &State, gold: &Gold) -> [Option<u32>; 3] {
    let s0 = state.s(0);
    let s1 = state.s(1);
    let b0 = state.b0;
    let n = state.n;
    let on_stack = |k: usize| state.stack.iter().any(|&x| x as usize == k);
    let children = |k: usize| gold.children.get(k).map_or(&[][..], |v| v.as_slice());

    let shift = (b0 <= n).then(|| {
        // b0 loses heads deeper in the stack than s0 and dependents anywhere in the stack.
        let h = gold.head(b0);
        let mut c = u32::from(h != s0 && h < b0 && on_stack(h));
        c += children(b0)
            .iter()
            .filter(|&&k| (k as usize) < b0 && on_stack(k as usize))
            .count() as u32;
        c
    });
    let left = (s0 != 0 && (b0 <= n || state.stack.len() == 1)).then(|| {
        let h = gold.head(s0);
        let mut c = u32::from((s1 != 0 && h == s1) || h > b0);
        c += children(s0).iter().filter(|&&k| k as usize >= b0).count() as u32;
        c
    });
    let right = (state.stack.len() >= 2).then(|| {
        let h = gold.head(s0);
        let mut c = u32::from(h >= b0);
        c += children(s0).iter().filter(|&&k| k as usize >= b0).count() as u32;
        c
    });
    [shift, left, right]
}

/// Labelled cost of every class (`u32::MAX` when illegal).
pub fn class_costs(state: &State, gold: &Gold, n_labels: usize, root_label: usize, out: &mut Vec<u32>) {
    let [shift, left, right] = costs(state, gold);
    out.clear();
    out.resize(n_classes(n_labels), u32::MAX);
    let s0 = state.s(0);
    let gold_label = gold.label(s0);
    if let (Some(c), Some(slot)) = (shift, out.get_mut(SHIFT)) {
        if state.is_legal(SHIFT, root_label) {
            *slot = c;
        }
    }
    for l in 0..n_labels {
        if let Some(c) = left {
            let class = 1 + 2 * l;
            if state.is_legal(class, root_label) {
                let wrong = gold.head(s0) == state.b0 && l != gold_label;
                out[class] = c + u32::from(wrong);
            }
        }
        if let Some(c) = right {
            let class = 2 + 2 * l;
            if state.is_legal(class, root_label) {
                let wrong = gold.head(s0) == state.s(1) && l != gold_label;
                out[class] = c + u32::from(wrong);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// "Rekker said troops arrived": said is root, Rekker <- said, arrived <- said,
    /// troops <- arrived.
    fn example() -> (Vec<usize>, Vec<u8>) {
        // labels: 0 root, 1 nsubj, 2 ccomp
        (vec![2, 0, 4, 2], vec![1, 0, 1, 2])
    }

    fn run_oracle(heads: &[usize], labels: &[u8], n_labels: usize) -> State {
        let gold = Gold::new(heads, labels);
        let mut st = State::new(heads.len());
        let mut costs = Vec::new();
        let mut steps = 0;
        while !st.is_terminal() {
            class_costs(&st, &gold, n_labels, 0, &mut costs);
            let best = (0..costs.len()).min_by_key(|&c| (costs[c], c)).unwrap();
            assert_eq!(costs[best], 0, "no zero-cost transition at step {steps}");
            st.apply(best);
            steps += 1;
        }
        assert_eq!(steps, 2 * heads.len());
        st
    }

    #[test]
    fn oracle_reproduces_a_projective_tree() {
        let (heads, labels) = example();
        let st = run_oracle(&heads, &labels, 3);
        let n = heads.len();
        for (i, &h) in heads.iter().enumerate() {
            let got = st.heads[i + 1] as usize;
            let want = if h == 0 { n + 1 } else { h };
            assert_eq!(got, want, "word {}", i + 1);
            assert_eq!(st.labels[i + 1], labels[i]);
        }
    }

    #[test]
    fn oracle_on_a_longer_tree_with_left_and_right_children() {
        // The(1) big(2) dog(3) barked(4) at(5) the(6) cat(7) .(8)
        let heads = vec![3, 3, 4, 0, 7, 7, 4, 4];
        let labels = vec![1, 2, 3, 0, 4, 1, 5, 6];
        let st = run_oracle(&heads, &labels, 7);
        for (i, &h) in heads.iter().enumerate() {
            let want = if h == 0 { heads.len() + 1 } else { h };
            assert_eq!(st.heads[i + 1] as usize, want);
        }
        assert_eq!(st.lc1[3], 1);
        assert_eq!(st.lc2[3], 2);
        assert_eq!(st.rc1[4], 8);
        assert_eq!(st.rc2[4], 7);
        assert_eq!(st.n_left[4], 1);
        assert_eq!(st.n_right[4], 2);
    }

    #[test]
    fn costs_count_lost_arcs() {
        let (heads, labels) = example();
        let gold = Gold::new(&heads, &labels);
        let mut st = State::new(4);
        st.apply(SHIFT); // stack [Rekker], buffer said...
        // RIGHT is illegal with one word on the stack; LEFT(Rekker <- said) is free and
        // SHIFT would lose that arc.
        let c = costs(&st, &gold);
        assert_eq!(c, [Some(1), Some(0), None]);
        st.apply(SHIFT); // stack [Rekker said]; Rekker's head is now out of reach.
        let c = costs(&st, &gold);
        // SHIFT (troops) loses nothing, LEFT (said <- troops) loses said's head (root) and
        // its dependent arrived, RIGHT (Rekker -> said) loses the same two.
        assert_eq!(c, [Some(0), Some(2), Some(2)]);
    }

    #[test]
    fn any_legal_sequence_yields_a_tree() {
        // Always take the highest-numbered legal class: still a valid tree with one root.
        for n in 0..12 {
            let mut st = State::new(n);
            let mut steps = 0;
            while !st.is_terminal() {
                let c = (0..n_classes(4)).rev().find(|&c| st.is_legal(c, 0)).unwrap();
                st.apply(c);
                steps += 1;
            }
            assert_eq!(steps, 2 * n);
            let roots = (1..=n).filter(|&i| st.heads[i] as usize == n + 1).count();
            assert_eq!(roots, usize::from(n > 0));
            assert!((1..=n).all(|i| st.heads[i] != 0));
        }
    }
}
