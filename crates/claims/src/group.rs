//! Grouping claims that say the same thing across documents and wording, and finding groups
//! that contradict themselves (one holder asserts what another rejects or doubts).
//!
//! Similarity is the cosine of TF-IDF weighted content lemmas. Candidate pairs come from an
//! inverted index over terms, skipping terms in more than [`MAX_POSTING`] claims (they say
//! little and would make the pass quadratic), so grouping stays near linear in the corpus.
//! Groups are the connected components of pairs above the threshold (single link, union-find).

use std::collections::HashMap;

use crate::extract::Stance;

/// Terms found in more claims than this are not used to find candidate pairs.
pub const MAX_POSTING: usize = 200;
/// Cosine similarity above which two claims say the same thing.
pub const THRESHOLD: f64 = 0.5;
/// Shared terms two claims need at least, whatever their cosine.
pub const MIN_SHARED: usize = 3;

/// A claim as grouping sees it.
#[derive(Clone, Debug)]
pub struct Item<'a> {
    /// The document (claims of one document are never grouped with each other: a document
    /// restating itself is not corroboration).
    pub doc: u32,
    pub terms: &'a [String],
    pub stance: Stance,
    pub holder: &'a str,
}

/// A group of claims saying the same thing.
#[derive(Clone, Debug, PartialEq)]
pub struct Group {
    /// Indices into the items, sorted.
    pub members: Vec<usize>,
    /// The terms most members share, heaviest first (at most five).
    pub terms: Vec<String>,
    /// One holder asserts and another rejects or doubts.
    pub contradiction: bool,
}

struct UnionFind(Vec<usize>);

impl UnionFind {
    fn find(&mut self, mut x: usize) -> usize {
        while let Some(&p) = self.0.get(x) {
            if p == x {
                break;
            }
            let gp = self.0.get(p).copied().unwrap_or(p);
            if let Some(slot) = self.0.get_mut(x) {
                *slot = gp;
            }
            x = gp;
        }
        x
    }
    fn union(&mut self, a: usize, b: usize) {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra != rb {
            if let Some(slot) = self.0.get_mut(ra.max(rb)) {
                *slot = ra.min(rb);
            }
        }
    }
}

/// Groups `items`; only groups of two or more claims from two or more documents are returned,
/// largest first.
pub fn group(items: &[Item<'_>]) -> Vec<Group> {
    let n = items.len();
    // Term ids and document frequencies.
    let mut ids: HashMap<&str, u32> = HashMap::new();
    let mut df: Vec<u32> = Vec::new();
    let mut vecs: Vec<Vec<u32>> = Vec::with_capacity(n);
    for it in items {
        let mut v: Vec<u32> = it
            .terms
            .iter()
            .map(|t| {
                let next = ids.len() as u32;
                let id = *ids.entry(t.as_str()).or_insert(next);
                if id as usize == df.len() {
                    df.push(0);
                }
                id
            })
            .collect();
        v.sort_unstable();
        v.dedup();
        for &t in &v {
            if let Some(d) = df.get_mut(t as usize) {
                *d += 1;
            }
        }
        vecs.push(v);
    }
    let idf: Vec<f64> = df.iter().map(|&d| (1.0 + n as f64 / (d.max(1) as f64)).ln()).collect();
    let weight = |t: u32| idf.get(t as usize).copied().unwrap_or(0.0);
    let norms: Vec<f64> = vecs.iter().map(|v| v.iter().map(|&t| weight(t).powi(2)).sum::<f64>().sqrt()).collect();
    let mut postings: Vec<Vec<u32>> = vec![Vec::new(); df.len()];
    let mut uf = UnionFind((0..n).collect());
    let mut dot: HashMap<u32, (f64, u32)> = HashMap::new();
    for (i, v) in vecs.iter().enumerate() {
        dot.clear();
        for &t in v {
            let Some(list) = postings.get(t as usize) else { continue };
            if df.get(t as usize).copied().unwrap_or(0) as usize > MAX_POSTING {
                continue;
            }
            let w = weight(t).powi(2);
            for &j in list {
                let e = dot.entry(j).or_insert((0.0, 0));
                e.0 += w;
                e.1 += 1;
            }
        }
        for (&j, &(d, shared)) in &dot {
            let j = j as usize;
            let (Some(a), Some(b)) = (items.get(i), items.get(j)) else { continue };
            if a.doc == b.doc || (shared as usize) < MIN_SHARED {
                continue;
            }
            let denom = norms.get(i).copied().unwrap_or(0.0) * norms.get(j).copied().unwrap_or(0.0);
            if denom > 0.0 && d / denom >= THRESHOLD {
                uf.union(i, j);
            }
        }
        for &t in v {
            if let Some(list) = postings.get_mut(t as usize) {
                if list.len() <= MAX_POSTING {
                    list.push(i as u32);
                }
            }
        }
    }
    let mut by_root: HashMap<usize, Vec<usize>> = HashMap::new();
    for i in 0..n {
        by_root.entry(uf.find(i)).or_default().push(i);
    }
    let names: Vec<&str> = {
        let mut v = vec![""; ids.len()];
        for (t, &id) in &ids {
            if let Some(slot) = v.get_mut(id as usize) {
                *slot = t;
            }
        }
        v
    };
    let mut groups: Vec<Group> = by_root
        .into_values()
        .filter(|m| m.len() >= 2)
        .filter(|m| {
            let first = m.first().and_then(|&i| items.get(i)).map(|x| x.doc);
            m.iter().any(|&i| items.get(i).map(|x| x.doc) != first)
        })
        .map(|mut members| {
            members.sort_unstable();
            let mut count: HashMap<u32, usize> = HashMap::new();
            for &i in &members {
                for &t in vecs.get(i).map(Vec::as_slice).unwrap_or(&[]) {
                    *count.entry(t).or_default() += 1;
                }
            }
            let mut shared: Vec<(u32, f64)> = count.into_iter().filter(|&(_, c)| c >= 2).map(|(t, c)| (t, c as f64 * weight(t))).collect();
            shared.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
            let terms = shared.iter().take(5).filter_map(|&(t, _)| names.get(t as usize).map(|s| s.to_string())).collect();
            let asserted: Vec<&str> = members.iter().filter_map(|&i| items.get(i)).filter(|x| x.stance == Stance::Asserted).map(|x| x.holder).collect();
            let contradiction = members
                .iter()
                .filter_map(|&i| items.get(i))
                .any(|x| x.stance != Stance::Asserted && asserted.iter().any(|h| *h != x.holder));
            Group { members, terms, contradiction }
        })
        .collect();
    groups.sort_by(|a, b| b.members.len().cmp(&a.members.len()).then(a.members.cmp(&b.members)));
    groups
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(s: &str) -> Vec<String> {
        s.split_whitespace().map(str::to_string).collect()
    }

    #[test]
    fn same_proposition_across_documents_groups_and_contradicts() {
        let a = terms("troops kordavia leave veloria weeks");
        let b = terms("troops kordavia leave veloria soon");
        let c = terms("harvest wheat price rain");
        let d = terms("troops kordavia leave veloria weeks");
        let items = vec![
            Item { doc: 0, terms: &a, stance: Stance::Asserted, holder: "A" },
            Item { doc: 1, terms: &b, stance: Stance::Rejected, holder: "B" },
            Item { doc: 2, terms: &c, stance: Stance::Asserted, holder: "C" },
            Item { doc: 0, terms: &d, stance: Stance::Asserted, holder: "A" },
        ];
        let g = group(&items);
        assert_eq!(g.len(), 1);
        assert_eq!(g[0].members, vec![0, 1, 3]);
        assert!(g[0].contradiction);
        assert!(g[0].terms.contains(&"troops".to_string()));
    }

    #[test]
    fn one_document_alone_is_no_group() {
        let a = terms("troops kordavia leave veloria");
        let items = vec![Item { doc: 0, terms: &a, stance: Stance::Asserted, holder: "A" }, Item { doc: 0, terms: &a, stance: Stance::Asserted, holder: "A" }];
        assert!(group(&items).is_empty());
    }
}
