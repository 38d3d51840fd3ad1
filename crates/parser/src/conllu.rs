//! A minimal CoNLL-U reader for training and evaluation: words, tags and the gold tree.
//! Multiword-token lines (`1-2`) and empty nodes (`8.1`) are skipped; the words that make up
//! a multiword token are kept. Word ids are assumed to run `1..=n` within a sentence.

/// One sentence of gold annotations, all vectors of equal length.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TreeSentence {
    pub forms: Vec<String>,
    pub upos: Vec<String>,
    pub xpos: Vec<String>,
    /// 0 = root, else the 1-based index of the head word.
    pub heads: Vec<usize>,
    /// Full relation including its subtype, e.g. `obl:tmod`.
    pub deprels: Vec<String>,
}

/// Parses CoNLL-U text. Lines with fewer than 8 columns are skipped; an unreadable head
/// becomes 0.
pub fn parse(text: &str) -> Vec<TreeSentence> {
    let mut out = Vec::new();
    let mut cur = TreeSentence::default();
    for line in text.lines() {
        let line = line.trim_end_matches('\r');
        if line.is_empty() {
            if !cur.forms.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            continue;
        }
        if line.starts_with('#') {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        let (Some(id), Some(form), Some(upos), Some(xpos), Some(head), Some(deprel)) = (
            cols.first(),
            cols.get(1),
            cols.get(3),
            cols.get(4),
            cols.get(6),
            cols.get(7),
        ) else {
            continue;
        };
        if id.contains('-') || id.contains('.') {
            continue;
        }
        cur.forms.push(form.to_string());
        cur.upos.push(upos.to_string());
        cur.xpos.push(xpos.to_string());
        cur.heads.push(head.parse().unwrap_or(0));
        cur.deprels.push(deprel.to_string());
    }
    if !cur.forms.is_empty() {
        out.push(cur);
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn reads_trees_and_skips_multiword_and_empty_nodes() {
        let text = "# text = Rekker's gone\n1-2\tRekker's\t_\t_\t_\t_\t_\t_\t_\t_\n1\tRekker\tRekker\tPROPN\tNNP\t_\t3\tnsubj\t_\t_\n2\t's\tbe\tAUX\tVBZ\t_\t3\taux\t_\t_\n2.1\tx\tx\tX\tX\t_\t_\t_\t_\t_\n3\tgone\tgo\tVERB\tVBN\t_\t0\troot\t_\t_\n\n";
        let s = super::parse(text);
        assert_eq!(s.len(), 1);
        assert_eq!(s[0].forms, vec!["Rekker", "'s", "gone"]);
        assert_eq!(s[0].heads, vec![3, 3, 0]);
        assert_eq!(s[0].deprels, vec!["nsubj", "aux", "root"]);
        assert_eq!(s[0].xpos, vec!["NNP", "VBZ", "VBN"]);
    }
}
