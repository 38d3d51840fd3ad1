//! Disjoint sets (union-find) over `0..n`, with path halving and set sizes. The
//! representative of a set is always its lowest element, so what callers derive from it
//! (story numbers, group order) does not depend on the order of unions.

pub struct Dsu {
    parent: Vec<usize>,
    size: Vec<usize>,
}

impl Dsu {
    pub fn new(n: usize) -> Dsu {
        Dsu { parent: (0..n).collect(), size: vec![1; n] }
    }

    /// The representative of `x`'s set (`x` itself when out of range).
    pub fn find(&mut self, mut x: usize) -> usize {
        while let Some(&p) = self.parent.get(x) {
            if p == x {
                break;
            }
            let gp = self.parent.get(p).copied().unwrap_or(p);
            if let Some(slot) = self.parent.get_mut(x) {
                *slot = gp;
            }
            x = p;
        }
        x
    }

    /// The number of elements in `x`'s set.
    pub fn size_of(&mut self, x: usize) -> usize {
        let r = self.find(x);
        self.size.get(r).copied().unwrap_or(1)
    }

    /// Joins the sets of `a` and `b` and returns the representative of the union (the lower of
    /// the two representatives).
    pub fn union(&mut self, a: usize, b: usize) -> usize {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra == rb {
            return ra;
        }
        let (lo, hi) = if ra < rb { (ra, rb) } else { (rb, ra) };
        let total = self.size.get(lo).copied().unwrap_or(1) + self.size.get(hi).copied().unwrap_or(1);
        if let Some(p) = self.parent.get_mut(hi) {
            *p = lo;
        }
        if let Some(s) = self.size.get_mut(lo) {
            *s = total;
        }
        lo
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unions_keep_the_lowest_representative_and_sizes() {
        let mut d = Dsu::new(6);
        assert_eq!(d.union(4, 2), 2);
        assert_eq!(d.union(5, 4), 2);
        assert_eq!(d.find(5), 2);
        assert_eq!(d.size_of(4), 3);
        assert_eq!(d.union(0, 5), 0);
        assert_eq!(d.size_of(2), 4);
        assert_eq!(d.find(1), 1);
        assert_eq!(d.find(99), 99);
    }
}
